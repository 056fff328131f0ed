"""Quotes, cues, speakers and statement dates from cleaned article text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onrecord.extract.stage import QuoteExtractor, paragraphs

__all__ = ["QuoteExtractor", "paragraphs"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: ``import onrecord`` imports this package (see its __init__), and the
    # stage pulls numpy and the models' code, which commands such as ``onrecord quotes`` never need.
    if name in __all__:
        from onrecord.extract import stage

        return getattr(stage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
