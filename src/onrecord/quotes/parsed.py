"""Reads of a parsed paragraph that spaCy would rebuild on every access, done once per Doc.

The rules, the tagger's features, the encoder's features and the assembly all read the same
per-token attributes. Through spaCy's API each read makes a Token object (and ``Doc.text`` joins
every token anew), which cost more than the features themselves; here one ``Doc.to_array`` call
gives plain lists, kept on the Doc for the next reader.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_TEXT = "onrecord.text"
_COLUMNS = "onrecord.columns"
# Token.ent_iob_ by the integer Doc.to_array gives (spaCy's Token.iob_strings()).
_IOB = ("", "I", "O", "B")


def text_of(doc: Doc) -> str:
    """The paragraph's text (``Doc.text`` rebuilds it from the tokens on each call)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Keep the string ``doc`` was parsed from as its text, sparing the rebuild (spaCy's tokens
    reproduce their input exactly, so the two are the same string)."""
    doc.user_data[_TEXT] = text


@dataclass(frozen=True, slots=True)
class Columns:
    """Per-token attributes of one parsed paragraph, as plain lists indexed by token."""

    idx: list[int]
    """Character offset of the token in the paragraph."""
    text: list[str]
    head: list[int]
    """Index of the token's syntactic head (the token itself at a root)."""
    dep: list[str]
    pos: list[str]
    tag: list[str]
    lower: list[str]
    lemma: list[str]
    """The lemma, lower-cased."""
    shape: list[str]
    ent: list[str]
    """``"{iob}-{type}"`` inside an entity, ``"O"`` outside."""
    space: list[bool]
    """Whitespace tokens (spaCy makes one of a double space or a non-breaking space)."""
    punct: list[bool]
    sents: list[tuple[int, int]]
    """(first token, end token) of each sentence."""


def columns(doc: Doc) -> Columns:
    """The paragraph's per-token attributes, read once."""
    cols = doc.user_data.get(_COLUMNS)
    if cols is not None:
        return cols
    from spacy.attrs import (
        DEP,
        ENT_IOB,
        ENT_TYPE,
        HEAD,
        IDX,
        IS_PUNCT,
        IS_SPACE,
        LEMMA,
        LOWER,
        ORTH,
        POS,
        SENT_START,
        SHAPE,
        TAG,
    )

    n = len(doc)
    attrs = [IDX, HEAD, DEP, POS, TAG, LOWER, LEMMA, SHAPE, ENT_IOB, ENT_TYPE, IS_SPACE, SENT_START, ORTH, IS_PUNCT]
    rows = doc.to_array(attrs)
    strings = doc.vocab.strings
    # Strings come back as hashes (unsigned); HEAD is a signed offset from the token, SENT_START -1/0/1.
    signed = rows.astype("int64")
    idx, rel, iob, space, start = (signed[:, k].tolist() for k in (0, 1, 8, 10, 11))
    ent_types = [strings[h] if h else "" for h in rows[:, 9].tolist()]
    bounds = [i for i in range(n) if i == 0 or start[i] == 1]
    cols = Columns(
        idx=idx,
        text=[strings[h] for h in rows[:, 12].tolist()],
        head=[i + r for i, r in enumerate(rel)],
        dep=[strings[h] for h in rows[:, 2].tolist()],
        pos=[strings[h] for h in rows[:, 3].tolist()],
        tag=[strings[h] for h in rows[:, 4].tolist()],
        lower=[strings[h] for h in rows[:, 5].tolist()],
        lemma=[strings[h].lower() for h in rows[:, 6].tolist()],
        shape=[strings[h] for h in rows[:, 7].tolist()],
        ent=[f"{_IOB[iob[i]]}-{t}" if t else "O" for i, t in enumerate(ent_types)],
        space=[bool(s) for s in space],
        punct=[bool(p) for p in rows[:, 13].tolist()],
        sents=list(zip(bounds, [*bounds[1:], n], strict=False)),
    )
    doc.user_data[_COLUMNS] = cols
    return cols


def token_range(doc: Doc, start: int, end: int) -> range:
    """Indices of the tokens that start at a paragraph offset in ``[start, end)``."""
    idx = columns(doc).idx
    return range(bisect_left(idx, start), bisect_left(idx, end))
