"""The embedded database: schema, batched writes, queries."""

from onrecord.store.sqlite import QuoteRow, Store, sentence_around

__all__ = ["QuoteRow", "Store", "sentence_around"]
