"""Raw HTML pages into article text and metadata: a cascade of extractors, then our text cleaner.

Three extractors read every page, and the one whose text agrees best with the other two wins
(the "medoid" under the benchmark's own 4-token shingle overlap):

1. trafilatura, balanced settings (with its own internal fallbacks), which also gives the metadata;
2. trafilatura with ``favor_precision`` (drops more teasers and link lists, sometimes a paragraph);
3. readability-lxml (Arc90's scoring of the densest text block), turned into one line per block.

Why agreement and not a fixed order: each extractor fails differently. trafilatura sometimes keeps
a page's "related stories" list or loses half of a story split over two containers (Wired), and
readability sometimes keeps a whole sidebar; when two of the three agree, the odd one out is the
one that failed. Tuned on the ``dev`` pages of the article-extraction benchmark only (see
``onrecord eval extraction``): balanced trafilatura alone 0.962 F1, the vote alone 0.969, the
vote and the line cleaner after it 0.978. A missing or failing extractor drops out of the vote and
the others go on.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from onrecord.clean.metadata import PageMetadata, page_metadata

_WORD = re.compile(r"\w+")
SHINGLE = 4
"""Token n-gram length for agreement: the benchmark's metric uses 4-token shingles."""


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """What a page gives before line cleaning: the chosen body text, who chose it, and metadata."""

    text: str
    title: str | None
    published: str | None
    outlet: str | None
    author: str | None
    url: str | None
    extractor: str = "trafilatura"
    """Which candidate of the cascade the text came from (for auditing and the eval command)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    text: str


def extract_html(html: str, url: str | None = None, *, cascade: bool = True) -> HtmlExtract | None:
    """Main text and metadata of a page, or None when the page holds no article text.

    ``cascade=False`` keeps only the first member (balanced trafilatura): about 3x faster, less exact.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        # Tables are kept: stat boxes, schedules and price lists are part of the article body in the
        # benchmark's gold, and on its dev pages keeping them lifted F1 0.977 -> 0.978 (6 pages
        # better, none worse).
        include_tables=True,
        with_metadata=True,
    )
    meta = page_metadata(html, url, doc)
    candidates = [Candidate("trafilatura", (getattr(doc, "text", None) or "") if doc is not None else "")]
    if cascade:
        candidates.append(Candidate("trafilatura-precision", _trafilatura_precision(html, url)))
        candidates.append(Candidate("readability", readability_text(html)))
    chosen = choose(candidates)
    if chosen is None:
        return None
    return _extract(chosen, meta)


def _extract(chosen: Candidate, meta: PageMetadata) -> HtmlExtract:
    return HtmlExtract(
        text=chosen.text,
        title=meta.title,
        published=meta.published,
        outlet=meta.outlet,
        author=meta.author,
        url=meta.url,
        extractor=chosen.name,
    )


def choose(candidates: list[Candidate]) -> Candidate | None:
    """The candidate that agrees best with the others (first listed wins ties); None if all empty."""
    usable = [c for c in candidates if c.text.strip()]
    if not usable:
        return None
    if len(usable) <= 2:
        # Two cannot outvote each other: keep the first (balanced trafilatura, the best alone on dev).
        return usable[0]
    shingles = [_shingles(c.text) for c in usable]

    def support(i: int) -> float:
        return sum(_agreement(shingles[i], shingles[j]) for j in range(len(usable)) if j != i)

    best = max(range(len(usable)), key=lambda i: (support(i), -i))
    return _prefer_fuller(usable, shingles, best)


FULLER_RATIO = 2.0
"""How much longer another candidate must be to replace the vote's pick when it contains that pick."""
FULLER_COVER = 0.95
"""Share of the pick's shingles that the longer candidate must contain.

Both tuned on the benchmark's dev pages: two Wired stories whose body sits in two containers, where
both trafilatura runs keep only the first half (F1 0.52 and 0.62) and readability has all of it
(0.99, 0.98). The next closest case, where readability's extra text was chrome, was 1.7 times longer.
Only readability may override: when balanced trafilatura holds twice the text of its precision run,
the extra is the chrome the precision run cut (a Business Insider page on dev: F1 0.44 against 1.00).
"""


def _prefer_fuller(usable: list[Candidate], shingles: list[Counter[tuple[str, ...]]], best: int) -> Candidate:
    """The vote's pick, unless another candidate holds all of it and at least twice as much again."""
    size = sum(shingles[best].values())
    for i, other in enumerate(shingles):
        if i == best or not size or usable[i].name != "readability":
            continue
        contained = sum((shingles[best] & other).values()) / size
        if sum(other.values()) >= FULLER_RATIO * size and contained >= FULLER_COVER:
            return usable[i]
    return usable[best]


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text.lower())
    n = min(SHINGLE, len(tokens))
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)) if n else Counter()


def _agreement(a: Counter[tuple[str, ...]], b: Counter[tuple[str, ...]]) -> float:
    """F1 of the shared shingles: 1 when two texts are the same, 0 when they share nothing."""
    shared = sum((a & b).values())
    total = sum(a.values()) + sum(b.values())
    return 2 * shared / total if total else 0.0


def _trafilatura_precision(html: str, url: str | None) -> str:
    import trafilatura

    try:
        text = trafilatura.extract(html, url=url, include_comments=False, include_tables=True, favor_precision=True)
    except Exception:  # one failing extractor leaves the vote to the others
        return ""
    return text or ""


_BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre", "table", "tr"}
    | {"section", "article", "header", "footer", "figure", "figcaption", "br", "dl", "dt", "dd"}
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})


def readability_text(html: str) -> str:
    """readability-lxml's main block as plain text, one line per block element ("" if it fails)."""
    try:
        import lxml.html
        from readability import Document
    except ImportError:  # pragma: no cover - a core dependency; the cascade goes on without it
        return ""
    try:
        summary = Document(html).summary(html_partial=True)
        if not summary.strip():
            return ""
        root = lxml.html.fromstring(summary)
    except Exception:  # readability raises bare Exceptions on odd markup
        return ""
    return "\n".join(line for line in _block_lines(root) if line)


def _block_lines(root: Any) -> list[str]:
    """Text of an lxml tree with a line break around every block element; scripts and comments skipped.

    Iterative (``iterwalk``), so a pathologically deep page cannot hit Python's recursion limit.
    """
    from lxml import etree

    parts: list[str] = []
    skipping = 0
    for event, el in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = el.tag if isinstance(el.tag, str) else None
        if event in ("comment", "pi"):
            if el.tail and not skipping:
                parts.append(el.tail)
            continue
        if event == "start":
            if tag in _SKIP_TAGS:
                skipping += 1
            if skipping or tag is None:
                continue
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.text:
                parts.append(el.text)
            continue
        if tag in _SKIP_TAGS:
            skipping -= 1
        elif not skipping and tag in _BLOCK_TAGS:
            parts.append("\n")
        # A skipped element's tail is outside it, so it is text (unless an outer skip holds it).
        if el.tail and not skipping and el is not root:
            parts.append(el.tail)
    return [re.sub(r"\s+", " ", line).strip() for line in "".join(parts).split("\n")]
