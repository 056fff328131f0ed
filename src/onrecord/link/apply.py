"""Rewrite the speakers of a set of articles to their cross-article canonical names."""

from __future__ import annotations

from dataclasses import replace

from onrecord.link.speakers import NameSeen, canonical_names
from onrecord.model import Article


def link_speakers(articles: list[Article]) -> list[Article]:
    """The same articles, each quote's speaker name replaced by its canonical form."""
    seen = [NameSeen(q.speaker.name, q.speaker.kind) for a in articles for q in a.quotes if q.speaker.name]
    mapping = canonical_names(seen)
    out = []
    for a in articles:
        quotes = tuple(
            replace(q, speaker=replace(q.speaker, name=mapping.get(q.speaker.name, q.speaker.name)))
            if q.speaker.name
            else q
            for q in a.quotes
        )
        out.append(replace(a, quotes=quotes))
    return out
