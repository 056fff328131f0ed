"""PolNeAR dev (84 articles, 2,192 attributions): the attribution quality floors of issue 3."""

from __future__ import annotations

import pytest

from tests.conftest import shared_data

# F1 floors on the whole dev compartment, just under what `onrecord eval polnear
# ../shared/data/polnear [--attribution …]` measures (README, "Quality on PolNeAR"); they only move
# up, save the encoder's @0.8, lowered by 0.5 when the 4-epoch encoder (chosen on the train holdout)
# replaced the 3-epoch one (exact +0.8, source +1.6, @0.8 -0.7 on dev).
# The floor is content exact 60, @0.3 80, source 80, cue 70: the default pipeline (rules +
# CRF + merge) reaches @0.3; the encoder mixed with the CRF, content exact, @0.3 and cue, and its
# source is 79.95.
DEFAULT_FLOORS = {"content_exact": 57.0, "content@0.3": 80.0, "content@0.8": 73.0, "source": 75.8, "cue": 69.5}
ENCODER_FLOORS = {"content_exact": 60.5, "content@0.3": 84.0, "content@0.8": 76.0, "source": 79.5, "cue": 73.0}
RULES_FLOORS = {"content_exact": 26.0, "content@0.3": 54.5, "source": 58.0, "cue": 51.0}


@pytest.fixture(scope="module")
def default_report(extractor):
    from onrecord.evaluation.polnear import evaluate_polnear
    from onrecord.quotes import QuoteExtractor

    return evaluate_polnear(shared_data("polnear"), "dev", extractor=QuoteExtractor(nlp=extractor.nlp))


@pytest.fixture(scope="module")
def encoder_report(extractor):
    from onrecord.evaluation.polnear import evaluate_polnear
    from onrecord.quotes import QuoteExtractor

    encoder = QuoteExtractor(nlp=extractor.nlp, attribution="encoder")
    return evaluate_polnear(shared_data("polnear"), "dev", extractor=encoder)


@pytest.fixture(scope="module")
def rules_report(extractor):
    from onrecord.evaluation.polnear import evaluate_polnear
    from onrecord.quotes import QuoteExtractor

    rules = QuoteExtractor(nlp=extractor.nlp, attribution="rules")
    return evaluate_polnear(shared_data("polnear"), "dev", extractor=rules)


@pytest.mark.slow
@pytest.mark.parametrize("metric", list(DEFAULT_FLOORS))
def test_default_pipeline_dev_floor(default_report, metric):
    """The default pipeline keeps each PolNeAR dev F1 at or above its floor."""
    assert 100 * default_report.f1(metric) >= DEFAULT_FLOORS[metric], default_report.format()


@pytest.mark.slow
@pytest.mark.parametrize("metric", list(ENCODER_FLOORS))
def test_encoder_dev_floor(encoder_report, metric):
    """With the encoder mixed with the CRF (ONRECORD_ATTRIBUTION=encoder), each PolNeAR dev F1 keeps its floor."""
    assert 100 * encoder_report.f1(metric) >= ENCODER_FLOORS[metric], encoder_report.format()


@pytest.mark.slow
@pytest.mark.parametrize("metric", list(RULES_FLOORS))
def test_rules_dev_floor(rules_report, metric):
    """The rules alone keep their PolNeAR dev F1 (they are the model's evidence and its fallback)."""
    assert 100 * rules_report.f1(metric) >= RULES_FLOORS[metric], rules_report.format()


@pytest.mark.slow
def test_speaker_on_matched_quotes(default_report):
    """The speaker mention overlaps the gold source on >= 87 % of the quotes whose content was found."""
    assert default_report.speaker_accuracy() >= 0.87, default_report.format()


@pytest.mark.slow
def test_direct_quotes_stay_strong(default_report):
    """Direct quotes stay the strong part: content exact F1 >= 83 on them."""
    assert 100 * default_report.f1("content_exact", "direct") >= 83.0, default_report.format()


@pytest.mark.slow
@pytest.mark.parametrize(("check", "floor"), [("named", 95.0), ("unnamed", 89.5)])
def test_speaker_names(default_report, encoder_report, check, floor):
    """A source that names a person gets that person's name; a group or a newcomer ('officials',
    'a reporter') gets no one's (the checks of evaluation/polnear.py; dev: default 95.2 / 90.3,
    encoder 95.0 / 90.7, one named source fewer each since ranks, pollsters and actors became roles;
    before plural and indefinite roles stayed unnamed, unnamed was 62.1)."""
    for report in (default_report, encoder_report):
        assert 100 * report.name_accuracy(check) >= floor, report.format()
