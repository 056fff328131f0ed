"""Quotes, cues, speakers and statement dates from cleaned article text."""

from onrecord.extract.stage import QuoteExtractor, paragraphs

__all__ = ["QuoteExtractor", "paragraphs"]
