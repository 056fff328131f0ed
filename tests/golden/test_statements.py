"""Same-statement grouping against the hand-labelled PolNeAR pairs (floors only move up)."""

from __future__ import annotations

import re

import pytest

from onrecord.evaluation.statement_pairs import PAIRS, read_pairs
from tests.conftest import shared_data


def test_pairs_file_holds_references_not_text():
    """At least 200 labelled pairs of both kinds; each side is an article name and offsets only."""
    pairs = read_pairs(PAIRS)
    assert len(pairs) >= 200
    assert 50 <= sum(p.label for p in pairs) <= len(pairs) - 50
    spans = re.compile(r"^(\d+-\d+)(;\d+-\d+)*$")
    for p in pairs:
        assert p.article_a != p.article_b
        assert spans.match(p.content_a) and spans.match(p.content_b)
        assert re.match(r"^[a-z-]+_\d{4}-\d\d-\d\d_[\w-]+$", p.article_a)


@pytest.mark.slow
def test_statement_precision_and_recall_floors():
    """`onrecord eval statements`: precision >= 0.9 at the calibrated thresholds; recall floor as measured."""
    from onrecord.evaluation.statement_pairs import evaluate_statements

    report = evaluate_statements(shared_data("polnear") / "data" / "train")
    assert report.pairs >= 200
    assert report.precision >= 0.90, report.format()
    assert report.recall >= 0.70, report.format()  # measured 0.708; the target is 0.8 (not met yet)
