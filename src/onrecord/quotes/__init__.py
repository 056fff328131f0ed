"""Quotes, cues, speakers and statement dates from cleaned article text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onrecord.quotes.stage import QuoteExtractor, paragraphs

__all__ = ["QuoteExtractor", "paragraphs"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: the store imports a light module of this package (when.py, for statement
    # dates), and the stage pulls numpy and the models' code, which ``onrecord quotes`` never needs.
    if name in __all__:
        from onrecord.quotes import stage

        return getattr(stage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
