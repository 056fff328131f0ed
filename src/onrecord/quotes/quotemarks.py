"""Find quoted spans in a paragraph, whatever the quotation-mark style.

Handles “…”, "…", «…», „…“, ‘…’ and '…', the mismatched pairs that scraped text carries
(”bridgehead”, "…”), nested single quotes inside double ones, and tells apostrophes and
possessives (States’, don’t) from closing marks. A paragraph whose double marks do not pair up
yields no quotes and says so, so one stray mark costs a paragraph, never an article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_DOUBLE_OPEN = {"“", "«", "„"}
_DOUBLE_CLOSE = {"”", "»"}
_DOUBLE_ANY = {'"'}
_SINGLE_OPEN = {"‘", "‹"}
_SINGLE_CLOSE = {"’", "›"}
_SINGLE_ANY = {"'"}
_OPEN_CONTEXT = set(" \t\n([{—–-/:;")
_MAX_SINGLE = 400
# Only the marks are looked at: walking every character in Python cost more than the whole scan.
DOUBLE_MARK = re.compile("[" + re.escape("".join(sorted(_DOUBLE_OPEN | _DOUBLE_CLOSE | _DOUBLE_ANY))) + "]")
"""Any double quotation mark, whatever its style."""
_SINGLE_MARK = re.compile("[" + re.escape("".join(sorted(_SINGLE_OPEN | _SINGLE_CLOSE | _SINGLE_ANY))) + "]")


@dataclass(frozen=True, slots=True)
class Quoted:
    """One quotation: the marks at ``open``/``close`` and the words between them."""

    open: int
    close: int
    double: bool

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close

    @property
    def outer(self) -> tuple[int, int]:
        return self.open, self.close + 1


@dataclass(frozen=True, slots=True)
class Scan:
    quotes: tuple[Quoted, ...]
    unbalanced: bool


def _is_opening(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPEN_CONTEXT or before in _DOUBLE_OPEN) and not after.isspace()


def _is_closing(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


@lru_cache(maxsize=256)
def scan(text: str) -> Scan:
    """All top-level quotations in ``text`` (one paragraph), in order.

    Memoised (and immutable): the rules, the tagger's features and its assembly each scan the
    same paragraph."""
    doubles: list[tuple[int, str]] = []
    for m in DOUBLE_MARK.finditer(text):
        i, ch = m.start(), m.group()
        if ch in _DOUBLE_OPEN:
            doubles.append((i, "open"))
        elif ch in _DOUBLE_CLOSE:
            # A closing mark used to open (”bridgehead”): preceded by a space, followed by a word.
            doubles.append((i, "open" if _is_opening(text, i) and not _is_closing(text, i) else "close"))
        elif ch in _DOUBLE_ANY:
            doubles.append((i, "open" if _is_opening(text, i) else "close"))

    quotes: list[Quoted] = []
    unbalanced = False
    start: int | None = None
    for i, role in doubles:
        if start is None:
            if role == "open" or text[i] == '"' or text[i] == "”":
                start = i
            else:
                unbalanced = True
                break
        elif (
            role == "close"
            or text[i] in _DOUBLE_ANY
            or text[i] in _DOUBLE_CLOSE
            or (text[start] == "„" and text[i] == "“")
        ):
            quotes.append(Quoted(start, i, True))
            start = None
        else:
            unbalanced = True
            break
    if start is not None:
        unbalanced = True
    if unbalanced:
        return Scan((), True)

    covered = [(q.open, q.close) for q in quotes]
    quotes.extend(_single_quotes(text, covered))
    return Scan(tuple(sorted(quotes, key=lambda q: q.open)), False)


def _single_quotes(text: str, covered: list[tuple[int, int]]) -> list[Quoted]:
    """Single-quoted spans outside double quotes (headline style: ‘Military Response’)."""
    found: list[Quoted] = []
    n = len(text)
    marks = [m.start() for m in _SINGLE_MARK.finditer(text)]
    k = 0
    while k < len(marks):
        i = marks[k]
        k += 1
        ch = text[i]
        inside = any(a < i < b for a, b in covered)
        if inside or ch in _SINGLE_CLOSE or not _is_opening(text, i):
            continue
        for j in marks[k:]:
            if j >= min(n, i + _MAX_SINGLE):
                break
            if text[j] in _SINGLE_OPEN or not _is_closing(text, j):
                continue
            # "States’ fixation": a plural possessive, not a closing mark, unless an opening mark is
            # waiting and the next char ends a phrase.
            after = text[j + 1] if j + 1 < n else " "
            if not (text[j - 1] == "s" and after == " " and text[j + 2 : j + 3].isalpha()):
                found.append(Quoted(i, j, False))
                k = bisect_right(marks, j)
                break
    return found
