"""The one data model every stage reads and writes: articles, quotes, speakers, outlets.

Plain frozen dataclasses, no I/O and no heavy imports, so any stage (or a distributed worker) can
build, pickle and compare them. Every reported span is a pair of character offsets into
``Article.text``; strings are never copied, so each claim can be shown in its source.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

QuoteKind = Literal["direct", "mixed", "indirect"]
QUOTE_KINDS: tuple[QuoteKind, ...] = ("direct", "mixed", "indirect")


def stable_id(*parts: str, length: int = 16) -> str:
    """A content hash: the same input always gives the same id, so re-runs write nothing new."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Characters ``start:end`` (end-exclusive, Python string indices) of ``Article.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}:{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def overlap(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Span | None:
        return None if data is None else cls(int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """Who a quote is attributed to, as the article names them and as resolved."""

    name: str | None
    """Canonical speaker name (the same across articles), or None when unresolved."""
    mention: Span | None = None
    """Where the article names the speaker for this quote (may be a pronoun or role noun)."""
    role: str | None = None
    """The role or title the article gives the speaker near this mention ("Deputy Foreign Minister")."""
    kind: Literal["person", "organisation", "country", "unknown"] = "unknown"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mention": self.mention.to_dict() if self.mention else None,
            "role": self.role,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed statement: what was said (content spans), the cue, and who said it."""

    kind: QuoteKind
    content: tuple[Span, ...]
    cue: Span | None
    cue_lemma: str | None
    speaker: SpeakerRef
    medium: str | None = None
    """Where the words were said, when the text says so ("told RIA Novosti" -> "RIA Novosti")."""
    said_on: str | None = None
    """The day the words were said (YYYY-MM-DD), when the text pins it; None otherwise."""
    stage: str = "rules"
    """Name and version of the stage that produced the quote, then which reading of the text was
    kept: ``rules:…`` (quotation marks, cue lexicon, headline patterns), ``crf`` or ``encoder`` (the
    trained attribution model of that name)."""
    id: str = ""

    def with_id(self, article_id: str) -> Quote:
        spans = ";".join(f"{s.start}-{s.end}" for s in self.content)
        return _replace(self, id=stable_id(article_id, self.kind, spans))

    def text(self, article_text: str, joiner: str = " … ") -> str:
        return joiner.join(s.of(article_text) for s in self.content)

    @property
    def start(self) -> int:
        return min(s.start for s in self.content)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "content": [s.to_dict() for s in self.content],
            "cue": self.cue.to_dict() if self.cue else None,
            "cue_lemma": self.cue_lemma,
            "speaker": self.speaker.to_dict(),
            "medium": self.medium,
            "said_on": self.said_on,
            "stage": self.stage,
        }


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the text every offset refers to, its metadata and its quotes."""

    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    quotes: tuple[Quote, ...] = ()
    positions: tuple[Quote, ...] = ()
    """Attributed positions that are not anyone's words: a stance toward something ("backed Cruz",
    "blamed NATO expansion for …"), a question put, a denial ("refused to guarantee that …"). Same
    shape as a quote (content, cue, speaker), kept apart so quotes stay what was said."""
    failure: str | None = None
    """Why quote extraction failed on this article (a bug, not bad input): it is reported with its
    source and not stored, so a later run, once fixed, extracts it."""

    @property
    def attributions(self) -> tuple[Quote, ...]:
        """Quotes and positions together, in text order: everything attributed to someone."""
        return tuple(sorted((*self.quotes, *self.positions), key=lambda q: q.start))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "author": self.author,
            "text": self.text,
            "quotes": [q.to_dict() for q in self.quotes],
            "positions": [q.to_dict() for q in self.positions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        def quote(q: dict[str, Any]) -> Quote:
            sp = q.get("speaker") or {}
            return Quote(
                id=q.get("id", ""),
                kind=q["kind"],
                content=tuple(Span(int(c["start"]), int(c["end"])) for c in q["content"]),
                cue=Span.from_dict(q.get("cue")),
                cue_lemma=q.get("cue_lemma"),
                speaker=SpeakerRef(name=sp.get("name"), mention=Span.from_dict(sp.get("mention")), role=sp.get("role")),
                medium=q.get("medium"),
                said_on=q.get("said_on"),
            )

        return cls(
            id=data["id"],
            source=data.get("source", ""),
            text=data["text"],
            title=data.get("title"),
            outlet=data.get("outlet"),
            published=data.get("published"),
            author=data.get("author"),
            url=data.get("url"),
            quotes=tuple(quote(q) for q in data.get("quotes", [])),
            positions=tuple(quote(q) for q in data.get("positions", [])),
        )


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document before cleaning: scraped text or a raw HTML page, plus given metadata."""

    source: str
    """Path (with ``:line`` for JSONL) or URL: where the analyst can find the original."""
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    given_id: str | None = None

    @property
    def content_hash(self) -> str:
        return stable_id(self.html if self.html is not None else (self.text or ""))


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that could not be used, with where it is and why, so a batch can go on."""

    source: str
    reason: str
    code: str = "unreadable"


@dataclass(slots=True)
class Speaker:
    """A person or organisation across articles: one canonical name, its aliases and roles seen."""

    name: str
    kind: str = "person"
    aliases: set[str] = field(default_factory=set)
    roles: dict[str, set[str]] = field(default_factory=dict)
    """role -> the dates (article published, or '') it was seen with."""


def _replace(obj: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(obj, **changes)
