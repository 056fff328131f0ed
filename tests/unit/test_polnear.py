"""The PolNeAR scorer: brat standoff parsing, span trimming, the direct rule and the matching."""

from __future__ import annotations

import pytest

from onrecord.evaluation.polnear import (
    Attribution,
    PolnearReport,
    attributions,
    brat_records,
    is_direct,
    load_split,
    parse_ann,
    score_article,
    trimmed,
)
from onrecord.model import Quote, Span, SpeakerRef

TEXT = (
    'Budget talks\n\n"We will not pay," said Ann Lee, the mayor. "Not now.\nNot ever."\n\n'
    "The city owes money, officials said.\n"
)


def _at(needle: str, text: str = TEXT) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle))


def _ann() -> str:
    c1, c2 = _at('"We will not pay,"'), _at('"Not now.\nNot ever."')
    cue, src = _at("said Ann"), _at("Ann Lee, the mayor")
    cue = Span(cue.start, cue.start + 4)
    c3, cue3, src3 = _at("The city owes money"), _at("said.\n"), _at("officials")
    cue3 = Span(cue3.start, cue3.start + 4)
    return (
        f'T1\tContent {c1.start} {c1.end};{c2.start} {c2.end}\t"We will not pay," "Not now.\n'
        'Not ever."\n'
        f"T2\tCue {cue.start} {cue.end}\tsaid\n"
        f"T3\tSource {src.start} {src.end}\tAnn Lee, the mayor\n"
        f"T4\tAttribution {cue.start} {cue.end}\tsaid\n"
        "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n"
        f"#1\tAnnotatorNotes T1\ta note that runs\nover two lines\n"
        f"T5\tContent {c3.start} {c3.end}\tThe city owes money\n"
        f"T6\tCue {cue3.start} {cue3.end}\tsaid\n"
        f"T7\tSource {src3.start} {src3.end}\tofficials\n"
        f"T8\tAttribution-no-source {cue3.start} {cue3.end}\tsaid\n"
        f"T9\tDiscuss {src3.start} {src3.end}\tofficials\n"
        "E2\tCue:T6 Content:T5 Attribution:T8 Source:T7\n"
    )


def test_continuation_lines_join_their_record():
    """A line that does not start a T/E/A/R/# record continues the previous one (span text with a newline)."""
    records = brat_records(_ann())
    assert records[0].endswith('Not ever."') and "\n" in records[0]
    assert records[5].startswith("#1") and records[5].endswith("over two lines")
    assert sum(r.startswith("E") for r in records) == 2


def test_discontinuous_span_keeps_every_fragment():
    """'s1 e1;s2 e2' gives two fragments, and each slices the text it names."""
    spans, events = parse_ann(_ann())
    content = spans["T1"]
    assert len(content.fragments) == 2
    assert [f.of(TEXT) for f in content.fragments] == ['"We will not pay,"', '"Not now.\nNot ever."']
    assert content.text == " ".join(f.of(TEXT) for f in content.fragments)
    assert events[0] == {"Attribution": "T4", "Content": "T1", "Cue": "T2", "Source": "T3"}


def test_attributions_use_roles_not_labels_and_skip_flags():
    """Roles come from the E record in any order; Discuss spans are not attributions."""
    found = attributions(_ann())
    assert len(found) == 2
    assert found[0].source is not None and found[0].source[0].of(TEXT) == "Ann Lee, the mayor"
    assert found[1].cue is not None and found[1].cue[0].of(TEXT) == "said"
    assert found[1].content[0].of(TEXT) == "The city owes money"


def test_trimmed_ignores_marks_and_punctuation_and_merges_across_them():
    """Quote marks, commas and spaces at the edges go; fragments separated only by them merge."""
    inner = _at("We will not pay")
    outer = _at('"We will not pay,"')
    assert trimmed(TEXT, [inner]) == trimmed(TEXT, [outer]) == ((inner.start, inner.end),)
    a, b = _at("Budget"), _at("talks")
    assert trimmed(TEXT, [b, a]) == ((a.start, b.end),)
    city, money = _at("The city"), _at("money")
    assert trimmed(TEXT, [city, money]) == ((city.start, city.end), (money.start, money.end))


def test_direct_means_every_fragment_inside_quotation_marks():
    """A split quotation is direct; a clause with no quotation mark is not."""
    gold = attributions(_ann())
    assert is_direct(TEXT, trimmed(TEXT, gold[0].content))
    assert not is_direct(TEXT, trimmed(TEXT, gold[1].content))
    mixed = 'He said it was "a disgrace" and "a shame".'
    assert not is_direct(mixed, trimmed(mixed, [_at('it was "a disgrace" and "a shame"', mixed)]))
    assert not is_direct(mixed, trimmed(mixed, [_at('"a disgrace" and "a shame"', mixed)]))


def _quote(content: list[Span], cue: Span | None, mention: Span | None) -> Quote:
    return Quote("indirect", tuple(content), cue, None, SpeakerRef(None, mention))


def test_scoring_counts_exact_coverage_source_and_cue():
    """Inner spans match the gold's quoted spans exactly; a short prediction matches only at 0.3."""
    gold = attributions(_ann())
    c1, c2 = _at("We will not pay"), _at("Not now.\nNot ever")
    cue = _at("said Ann")
    first = _quote([c1, c2], Span(cue.start, cue.start + 4), _at("Ann Lee, the mayor"))
    half = _at("The city owes")
    second = _quote([half], None, _at("officials"))
    report = PolnearReport(split="unit")
    score_article(report, TEXT, gold, [first, second])
    m = report.metrics
    assert (m["content_exact"]["all"].matched_gold, m["content_exact"]["all"].gold) == (1, 2)
    assert m["content_exact"]["direct"].recall == 1.0 and m["content_exact"]["indirect/mixed"].recall == 0.0
    assert m["content@0.3"]["all"].matched_gold == 2 and m["content@0.8"]["all"].matched_gold == 1
    assert m["source"]["all"].f1 == 1.0
    assert (m["cue"]["all"].precision, m["cue"]["all"].recall) == (1.0, 0.5)
    assert report.speaker["all"] == [2, 2]


def test_a_source_shared_by_two_attributions_counts_once():
    """ "Ann Lee said X and added Y": one source span, two attributions; one predicted mention is full recall."""
    src, cue = _at("Ann Lee, the mayor"), _at("said Ann")
    gold = [
        Attribution((_at("We will not pay"),), (cue,), (src,)),
        Attribution((_at("The city owes money"),), (cue,), (src,)),
    ]
    preds = [_quote([_at("We will not pay")], cue, src), _quote([_at("The city owes money")], cue, src)]
    report = PolnearReport(split="unit")
    score_article(report, TEXT, gold, preds)
    for metric in ("source", "cue"):
        prf = report.metrics[metric]["all"]
        assert (prf.gold, prf.predicted, prf.matched_gold) == (1, 1, 1), metric


def test_matching_is_one_to_one():
    """Two identical predictions match one gold once: the second is a false positive."""
    gold = [Attribution((_at("The city owes money"),), None, None)]
    pred = _quote([_at("The city owes money")], None, None)
    report = PolnearReport(split="unit")
    score_article(report, TEXT, gold, [pred, pred])
    c = report.metrics["content_exact"]["all"]
    assert (c.matched_gold, c.matched_predicted, c.predicted) == (1, 1, 2)


def test_load_split_takes_the_first_sorting_annotator(tmp_path):
    """With several .ann files for one article, the annotator id that sorts first is the gold; test alone works."""
    base = tmp_path / "data" / "test"
    (base / "text").mkdir(parents=True)
    (base / "attributions").mkdir()
    (base / "text" / "x_2016-01-01_a.txt").write_text(TEXT, encoding="utf-8")
    (base / "attributions" / "x_2016-01-01_a_ef2d.ann").write_text("", encoding="utf-8")
    (base / "attributions" / "x_2016-01-01_a_4b22.ann").write_text(_ann(), encoding="utf-8")
    [article] = load_split(tmp_path, "test")
    assert article.annotator == "4b22" and len(article.attributions) == 2


def _compartment(root, split):
    base = root / "data" / split
    (base / "text").mkdir(parents=True)
    (base / "attributions").mkdir()
    (base / "text" / "x_2016-01-01_a.txt").write_text(TEXT, encoding="utf-8")
    (base / "attributions" / "x_2016-01-01_a_4b22.ann").write_text(_ann(), encoding="utf-8")


def test_default_split_is_dev_or_the_folders_only_compartment(tmp_path):
    """A folder that holds only the held-out test is scored on test without --split; else dev."""
    from onrecord.evaluation.polnear import compartments, default_split

    only_test, both = tmp_path / "blind", tmp_path / "full"
    _compartment(only_test, "test")
    _compartment(both, "train")
    _compartment(both, "dev")
    assert (compartments(only_test), default_split(only_test)) == (["test"], "test")
    assert (compartments(both), default_split(both)) == (["train", "dev"], "dev")
    with pytest.raises(FileNotFoundError, match=r"compartments with texts here: test"):
        load_split(only_test, "dev")


def test_trimming_drops_no_break_spaces():
    """PolNeAR spans often end in a no-break space: "Trump\\xa0" equals "Trump"."""
    text = "Trump\xa0said so."
    assert trimmed(text, [Span(0, 6)]) == trimmed(text, [Span(0, 5)]) == ((0, 5),)


def test_speaker_names_are_checked_where_the_source_says_who(extractor):
    """A source that names a person needs that person; 'officials' needs no one named."""
    from onrecord.evaluation.polnear import Attribution, GoldArticle, check_names
    from onrecord.model import Article

    text = "Gov. Mike Pence said it would pass. Officials said it would fail. Aides said it was fine."
    pence, officials, aides = _at("Gov. Mike Pence", text), _at("Officials", text), _at("Aides", text)
    gold = GoldArticle(
        "x",
        text,
        "4b22",
        tuple(
            Attribution((_at(c, text),), None, (s,))
            for c, s in (("it would pass", pence), ("it would fail", officials), ("it was fine", aides))
        ),
    )

    def said(content: str, mention: Span, name: str | None, kind: str) -> Quote:
        return Quote("indirect", (_at(content, text),), None, None, SpeakerRef(name, mention, kind=kind))

    article = Article(
        id="x",
        source="x",
        text=text,
        quotes=(
            said("it would pass", pence, "Mike Pence", "person"),
            said("it would fail", officials, "Mike Pence", "person"),  # a group given a name: wrong
            said("it was fine", aides, None, "unknown"),
        ),
    )
    report = PolnearReport(split="unit")
    check_names(report, [gold], [article], extractor.nlp)
    assert report.names == {"named": [1, 1], "unnamed": [1, 2]}


def test_speaker_labels_score_names_and_unnamed_referents():
    """A named referent needs its surname (or only words of its name: 'Ban' for 'Ban Ki-moon'); an
    unnamed one must not be given to a named person."""
    from onrecord.evaluation.speakers import SpeakerItem, is_correct, load_labels
    from onrecord.model import SpeakerRef

    clinton = SpeakerItem("a.txt", 0, 2, "pronoun", "person", "Hillary Rodham Clinton")
    assert is_correct(clinton, SpeakerRef("Hillary Clinton", None, None, "person"))
    assert not is_correct(clinton, SpeakerRef("Bill Clinton", None, None, "person"))  # same surname
    assert not is_correct(clinton, SpeakerRef("Bernie Sanders", None, None, "person"))
    assert not is_correct(clinton, SpeakerRef(None, None, None, "unknown"))
    ban = SpeakerItem("a.txt", 0, 2, "pronoun", "person", "Ban Ki-moon")
    assert is_correct(ban, SpeakerRef("Ban", None, None, "person"))
    aide = SpeakerItem("a.txt", 0, 9, "role", "unnamed", "")
    assert is_correct(aide, SpeakerRef(None, None, "aide", "unknown"))
    assert not is_correct(aide, SpeakerRef("Hillary Clinton", None, None, "person"))
    from onrecord.evaluation.speakers import LABEL_SETS

    labels = load_labels()
    assert len(labels) >= 240 and {i.mention_kind for i in labels} == {"pronoun", "role"}
    held_out = load_labels(LABEL_SETS["set 2"])
    assert len(held_out) == 160 and not {i.article for i in held_out} & {i.article for i in labels}
