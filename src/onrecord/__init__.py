"""onrecord: who said what, when, to whom, and which outlet reported it, from news articles."""

from __future__ import annotations

from typing import Any

from onrecord.model import Article, Problem, Quote, RawDocument, Span, Speaker, SpeakerRef

__all__ = [
    "Article",
    "Problem",
    "Quote",
    "RawDocument",
    "Span",
    "Speaker",
    "SpeakerRef",
    "extract",
    "extract_many",
]

__version__ = "0.1.0"

_PIPELINE: Any = None


def _pipeline() -> Any:
    global _PIPELINE
    if _PIPELINE is None:
        from onrecord.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


def extract(text_or_html: str, **metadata: str | None) -> Article:
    """Clean one article (scraped text or an HTML page) and extract its attributed quotes.

    ``metadata`` may give ``url``, ``title``, ``outlet``, ``published``, ``author``, ``source``, ``id``.
    Raises ``onrecord.errors.InputError`` when the input holds no article text.
    """
    from onrecord.clean import clean
    from onrecord.link import link_speakers

    is_html = text_or_html.lstrip()[:1] == "<"
    raw = RawDocument(
        source=metadata.get("source") or metadata.get("url") or "<text>",
        text=None if is_html else text_or_html,
        html=text_or_html if is_html else None,
        url=metadata.get("url"),
        title=metadata.get("title"),
        outlet=metadata.get("outlet"),
        published=metadata.get("published"),
        author=metadata.get("author"),
        given_id=metadata.get("id"),
    )
    return link_speakers([_pipeline().extractor(clean(raw))])[0]


def extract_many(paths: list[str]) -> tuple[list[Article], list[Problem]]:
    """Every article under ``paths`` (files or folders), speakers linked across them, and the problems met."""
    run = _pipeline().run(paths)
    return run.articles, run.problems
