"""Shared fixtures: the bundled seed articles, the shared corpora, one spaCy pipeline per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
SHARED_DATA = Path(os.environ.get("ONRECORD_SHARED_DATA", ROOT.parent / "shared" / "data"))


def shared_data(name: str) -> Path:
    """A corpus folder under ../shared/data: skipped for a user's clone, a failure in CI."""
    path = SHARED_DATA / name
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {path} is missing: the quality floors must run in CI")
        pytest.skip(f"{path} not found (the shared evaluation corpora are not part of a clone)")
    return path


@pytest.fixture(scope="session")
def extractor():
    from onrecord.quotes import QuoteExtractor

    return QuoteExtractor()


@pytest.fixture(scope="session")
def rules_extractor(extractor):
    """The rules alone (no attribution model), sharing the session's spaCy pipeline."""
    from onrecord.quotes import QuoteExtractor

    return QuoteExtractor(nlp=extractor.nlp, attribution="rules")


def _extract_with(extractor):
    from onrecord.clean import clean
    from onrecord.link import link_speakers
    from onrecord.model import RawDocument

    def run(text: str, **meta):
        return link_speakers([extractor(clean(RawDocument(source="<test>", text=text, **meta)))])[0]

    return run


@pytest.fixture(scope="session")
def extract_text(extractor):
    """Clean and extract one text through the real default pipeline (no database)."""
    return _extract_with(extractor)


@pytest.fixture(scope="session")
def rules_text(rules_extractor):
    """Clean and extract one text with the rules alone (no database)."""
    return _extract_with(rules_extractor)


@pytest.fixture(scope="session")
def encoder_text(extractor):
    """Clean and extract one text with the attribution encoder (ONRECORD_ATTRIBUTION=encoder)."""
    from onrecord.quotes import QuoteExtractor

    return _extract_with(QuoteExtractor(nlp=extractor.nlp, attribution="encoder"))
