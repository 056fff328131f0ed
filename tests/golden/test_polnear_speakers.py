"""Whom pronouns and definite roles go to, on 242 hand-labelled speaker mentions of PolNeAR train."""

from __future__ import annotations

import pytest

from tests.conftest import shared_data

# Just under what `onrecord eval speakers ../shared/data/polnear` measures (README, "Who said it"):
# 78.2 % of the 239 scored mentions (pronouns 81.8, roles 72.9). With the speaker rules of the stop
# before the labels were made, the same mentions scored 67.4 % (pronouns 65.0): floors only move up.
FLOORS = {"all": 78.0, "pronoun": 81.0, "role": 72.0, "unnamed": 95.0}


@pytest.fixture(scope="module")
def report(extractor):
    from onrecord.evaluation.speakers import evaluate_speakers
    from onrecord.quotes import QuoteExtractor

    return evaluate_speakers(shared_data("polnear"), extractor=QuoteExtractor(nlp=extractor.nlp))


@pytest.mark.slow
@pytest.mark.parametrize("group", list(FLOORS))
def test_speaker_resolution_floor(report, group):
    assert 100 * report.accuracy(group) >= FLOORS[group], report.format()


@pytest.mark.slow
def test_labelled_mentions_are_still_found(report):
    """The labels point at speaker mentions by offset: if the quote finder stops finding them, the
    figure would quietly shrink to fewer items. Nearly all must still be scored."""
    assert report.not_found <= 10 and report.found["all"] >= 230, report.format()
