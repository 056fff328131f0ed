"""Read PolNeAR attributions (brat standoff) for the same-statement pairs, from ../shared/data.

Only what the statement-grouping eval needs: each attribution's content spans and its source
mention, as offsets into the article text. The corpus is copyrighted news: it is read in place,
never copied into the repository (tests keep file names and offsets only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_RECORD = re.compile(r"^[TEAR#]\d+\t")


@dataclass(frozen=True, slots=True)
class Attribution:
    """One annotated attribution: who (source span, may be absent) said what (content spans)."""

    article: str
    content: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]


def parse_spans(text: str) -> tuple[tuple[int, int], ...]:
    """'12 20;25 30' or '12-20;25-30' -> ((12, 20), (25, 30))."""
    out = []
    for part in text.split(";"):
        a, b = re.split(r"[ -]", part.strip())
        out.append((int(a), int(b)))
    return tuple(out)


def format_spans(spans: tuple[tuple[int, int], ...]) -> str:
    return ";".join(f"{a}-{b}" for a, b in spans)


def read_ann(path: Path, article: str) -> list[Attribution]:
    """The attributions of one .ann file (records may run over several physical lines)."""
    records: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if _RECORD.match(line) or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    events: list[dict[str, str]] = []
    for rec in records:
        if rec.startswith("T"):
            tid, middle, *_ = rec.split("\t")
            label, _, offsets = middle.partition(" ")
            spans[tid] = (label, parse_spans(offsets))
        elif rec.startswith("E"):
            parts = rec.split("\t")[1].split()
            events.append(dict(p.split(":", 1) for p in parts))
    out = []
    for ev in events:
        if "Content" not in ev:
            continue
        content = spans[ev["Content"]][1]
        source = spans[ev["Source"]][1] if "Source" in ev else ()
        cue = spans[ev["Cue"]][1] if "Cue" in ev else ()
        out.append(Attribution(article, content, source, cue))
    return out


def text_of(corpus: Path, article: str) -> str:
    """The article text every offset refers to (``corpus/text/<article>.txt``)."""
    return (corpus / "text" / f"{article}.txt").read_text(encoding="utf-8")


def spans_text(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    return " ".join(text[a:b] for a, b in spans)


def attributions(corpus: Path) -> list[Attribution]:
    """Every attribution of a compartment (``train`` or ``dev`` folder), one annotator per article."""
    seen: set[str] = set()
    out: list[Attribution] = []
    for ann in sorted((corpus / "attributions").glob("*.ann")):
        article = ann.stem.rsplit("_", 1)[0]
        if article in seen:
            continue  # several annotators of one article: the first is enough for pairs
        seen.add(article)
        out.extend(read_ann(ann, article))
    return out
