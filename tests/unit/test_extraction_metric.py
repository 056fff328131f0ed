"""The article-extraction benchmark's metric and the ``onrecord eval extraction`` command on a tiny folder."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.evaluation.extraction import (
    evaluate_extraction,
    load_reference,
    score_page,
    score_system,
    shingles,
)

STORY = (
    "The harbour ferry between the old town and the island will run again from the first week of April, "
    "the council said on Tuesday, after a winter of repairs to the main pier. Crossings will run every "
    "forty minutes at first and every twenty minutes from June, when the second boat returns from refit."
)


def test_shingles_are_four_token_windows_and_short_texts_one_shingle():
    """4-token shingles over \\w+ tokens; 1-3 tokens make one shorter shingle; nothing makes none."""
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("one, two!") == {("one", "two"): 1}
    assert not shingles(" ... ")


def test_page_scores_follow_the_benchmark_definition():
    """TP/FP/FN are shingle multiset overlaps normalised to sum to 1; empty predictions have no precision."""
    same = score_page(STORY, STORY)
    assert (same.precision, same.recall) == (1.0, 1.0)
    # 10 gold tokens -> 7 shingles; the prediction keeps the first 6 tokens (3 shingles) and adds
    # 2 tokens that make 2 new shingles: TP 3, FP 2, FN 4.
    page = score_page("a b c d e f g h i j", "a b c d e f x y")
    assert page.precision == pytest.approx(3 / 5)
    assert page.recall == pytest.approx(3 / 7)
    empty = score_page(STORY, "")
    assert empty.precision is None and empty.recall == 0.0


def test_system_scores_are_means_of_page_scores():
    """P and R are means over pages, F1 is of the means; a missing page counts as an empty prediction."""
    gold = {"p1": STORY, "p2": "a b c d e f g h i j"}
    system = score_system("x", gold, {"p1": STORY})
    assert system.precision == 1.0  # p2 has no prediction, so no precision
    assert system.recall == pytest.approx(0.5)
    assert system.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_reference_outputs_in_both_layouts_are_read(tmp_path):
    """Reference files come as {id: {articleBody}} or {version, output: {...}}."""
    (tmp_path / "a.json").write_text(json.dumps({"p1": {"articleBody": "x y"}}))
    (tmp_path / "b.json").write_text(json.dumps({"version": "1", "output": {"p1": {"articleBody": "x y"}}}))
    assert load_reference(tmp_path / "a.json") == load_reference(tmp_path / "b.json") == {"p1": "x y"}


@pytest.fixture
def bench(tmp_path):
    """A two-page benchmark folder laid out like the real one (one page gz, one plain; one dev)."""
    (tmp_path / "html").mkdir()
    (tmp_path / "reference-outputs").mkdir()
    body = "".join(f"<p>{STORY.replace('April', month)}</p>" for month in ("April", "May", "June"))
    page = (
        f"<html><head><title>Ferry back</title></head><body><nav>Home News</nav><article>{body}</article></body></html>"
    )
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(page.encode()))
    (tmp_path / "html" / "p2.html").write_text(page.replace("ferry", "boat"))
    gold = "\n\n".join(STORY.replace("April", m) for m in ("April", "May", "June"))
    (tmp_path / "ground-truth.json").write_text(
        json.dumps(
            {
                "p1": {"articleBody": gold, "url": "https://herald.example/a"},
                "p2": {"articleBody": gold.replace("ferry", "boat"), "url": "https://herald.example/b"},
            }
        )
    )
    (tmp_path / "splits.json").write_text(json.dumps({"dev": ["p1"]}))
    (tmp_path / "reference-outputs" / "nothing.json").write_text(json.dumps({"p1": {"articleBody": ""}}))
    return tmp_path


def test_eval_scores_every_page_present_and_the_references(bench):
    """Every page with gold and HTML is scored, ours and trafilatura's run here, references from files."""
    report = evaluate_extraction(bench)
    assert len(report.ours.pages) == 2
    assert report.ours.f1 > 0.95
    assert report.baseline.f1 > 0.9
    assert [r.name for r in report.references] == ["nothing"]
    assert report.references[0].recall == 0.0
    assert len(evaluate_extraction(bench, "dev").ours.pages) == 1


def test_eval_command_prints_the_table_and_json(bench):
    """`onrecord eval extraction DIR` prints P/R/F1 rows; --json gives the same figures as data."""
    runner = CliRunner()
    result = runner.invoke(main, ["eval", "extraction", str(bench)])
    assert result.exit_code == 0, result.output
    assert "onrecord" in result.output and "nothing" in result.output
    result = runner.invoke(main, ["eval", "extraction", str(bench), "--split", "dev", "--json"])
    data = json.loads(result.output)
    assert data["pages"] == 1 and data["onrecord"]["f1"] > 0.95
    result = runner.invoke(main, ["eval", "extraction", str(bench / "html")])
    assert result.exit_code != 0 and "ground-truth.json" in result.output


def test_a_corrupt_page_is_reported_and_scored_as_empty(bench):
    """A page whose .gz cannot be read is a reported problem and an empty prediction; the run goes on."""
    gold = json.loads((bench / "ground-truth.json").read_text())
    gold["p3"] = {"articleBody": STORY, "url": "https://herald.example/c"}
    (bench / "ground-truth.json").write_text(json.dumps(gold))
    (bench / "html" / "p3.html.gz").write_bytes(b"not gzip at all")
    report = evaluate_extraction(bench)
    assert len(report.ours.pages) == 3
    assert report.ours.pages["p3"].recall == 0.0
    assert any(p.startswith("p3: unreadable HTML") for p in report.problems)
