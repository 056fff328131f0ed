"""The seed articles: the quality floors of the end-to-end issue, and must / must-not-contain checks."""

import json

import pytest

from tests.conftest import SEEDS


@pytest.fixture(scope="module", params=["default", "encoder"])
def report(request, extractor):
    """The floors hold for the default pipeline and with the attribution encoder in it."""
    from onrecord.evaluation.seeds import evaluate_seeds
    from onrecord.quotes import QuoteExtractor

    if request.param == "default":
        return evaluate_seeds(SEEDS)
    return evaluate_seeds(SEEDS, QuoteExtractor(nlp=extractor.nlp, attribution=request.param))


@pytest.fixture(scope="module")
def articles():
    from onrecord import extract_many

    found, problems = extract_many([str(SEEDS)])
    assert problems == []
    return {a.source.rsplit("/", 1)[-1][:3]: a for a in found}


def test_direct_quote_floors(report):
    """Direct quotes: recall >= 95 %, precision >= 90 %."""
    c = report.groups["direct"]
    assert c.recall >= 0.95 and c.precision >= 0.90, report.format()


def test_mixed_and_indirect_floors(report):
    """Mixed + indirect quotes: recall >= 80 %, precision >= 85 %."""
    c = report.groups["mixed+indirect"]
    assert c.recall >= 0.80 and c.precision >= 0.85, report.format()


def test_speaker_floor(report):
    """The right speaker on >= 95 % of matched quotes."""
    assert report.speaker_accuracy >= 0.95, "\n".join(report.errors)


def test_metadata_and_chrome_are_exact(report):
    """Titles 5/5, dates 5/5 (nulls included), no chrome survives, every kept line does."""
    assert report.titles == (5, 5)
    assert report.published == (5, 5)
    assert report.outlets[0] == report.outlets[1]
    assert report.chrome_dropped[0] == report.chrome_dropped[1]
    assert report.body_kept[0] == report.body_kept[1]


def test_statement_dates(articles):
    """001's Foreign Ministry statement was made 2021-12-02; 004's on 2023-11-29."""
    ministry = [q for q in articles["001"].quotes if q.speaker.name == "Russian Foreign Ministry"]
    assert ministry and ministry[0].said_on == "2021-12-02"
    dated = {q.said_on for q in articles["004"].quotes if q.said_on}
    assert dated == {"2023-11-29"}


def test_one_speaker_per_person_across_articles(articles):
    """Sergey (000, 003, 004) and Sergei (002) Ryabkov are one speaker."""
    names = {q.speaker.name for a in articles.values() for q in a.quotes if q.speaker.name}
    assert "Sergey Ryabkov" in names and "Sergei Ryabkov" not in names and "Ryabkov" not in names
    assert {"Maria Zakharova", "Vladimir Putin", "Sergey Lavrov", "Russian Foreign Ministry"} <= names


def test_medium_is_kept(articles):
    """'told RIA Novosti' and 'in an interview with … Izvestia' name the medium."""
    assert "RIA Novosti" in {q.medium for q in articles["002"].quotes}
    assert "Izvestia" in {q.medium for q in articles["004"].quotes}


def test_must_not_contain(articles):
    """Chrome from each outlet's page is gone from the stored text."""
    gold = json.loads((SEEDS / "gold.json").read_text())
    for entry in gold["articles"]:
        text = articles[entry["file"][:3]].text
        for line in entry["boilerplate"]:
            assert line not in text
        for line in entry["keep"]:
            assert line in text
