"""Scraped text into article text: drop page chrome, find the title, keep every body line.

The cleaned text is the title followed by the body paragraphs, separated by blank lines; it is the
text every offset in onrecord refers to.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from onrecord.clean import chrome
from onrecord.clean.dates import find_dates, is_date_line

_AUTHOR = re.compile(r"^(?:By|Written by|Author:)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})$")


@dataclass(slots=True)
class CleanedText:
    """The result of cleaning: kept lines plus what was learned from the page around them."""

    title: str | None
    body: list[str]
    published: date | None = None
    author: str | None = None
    outlet_hints: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)
    """(line, reason) for every line removed, so a user can audit the cleaner."""

    @property
    def text(self) -> str:
        lines = ([self.title] if self.title else []) + self.body
        return "\n\n".join(lines)


def clean_text(raw: str, *, given_title: str | None = None) -> CleanedText:
    """Remove page chrome from scraped article text and pick out title, date and author."""
    lines = [_normalise(line) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    latin = _is_latin(lines)
    reasons: list[str | None] = [chrome.chrome_reason(line, latin_article=latin) for line in lines]
    dropped: list[tuple[str, str]] = []

    # Adjacent repeats (a title printed twice) collapse to one; a short line that recurs apart from
    # itself is a rubric or widget heading (Sputnik's "Russia-NATO Row on European Security").
    for i in range(1, len(lines)):
        if lines[i] == lines[i - 1] and reasons[i] is None:
            reasons[i] = "repeated line"
    counts = Counter(line for line, why in zip(lines, reasons, strict=True) if why is None)
    for i, line in enumerate(lines):
        recurs = reasons[i] is None and counts[line] > 1 and chrome.is_headline_like(line)
        if recurs and line != given_title:
            reasons[i] = "recurring rubric"

    title_index = _find_title(lines, reasons, given_title)
    title = given_title or (lines[title_index] if title_index is not None else None)
    first_body = next(
        (
            i
            for i, line in enumerate(lines)
            if reasons[i] is None and chrome.is_body_paragraph(line) and (title_index is None or i > title_index)
        ),
        len(lines),
    )
    published = _published(lines, title_index, first_body)

    author = None
    body: list[str] = []
    appeal = False
    start = (title_index + 1) if title_index is not None else 0
    for i, line in enumerate(lines):
        why = reasons[i]
        if i < start:
            if i != title_index:
                dropped.append((line, why or "before the title"))
            continue
        if why is None and given_title is not None and line == given_title:
            why = "title repeated in body"
        if why is None and i <= first_body + 1 and (m := _AUTHOR.match(line)):
            author = author or m.group("name")
            why = "byline"
        if why == "appeal":
            appeal = True
        elif appeal and why is None:
            # Inside a donation appeal every paragraph talks about support and journalism; the
            # first one that does not ends it.
            if chrome.appeal_words(line) >= 1 or len(line.split()) <= 3:
                why = "appeal"
            else:
                appeal = False
        if why is None and i > first_body and chrome.is_title_case(line):
            why = "teaser headline"
        if why is None:
            body.append(line)
        else:
            dropped.append((line, why))

    return CleanedText(
        title=title,
        body=body,
        published=published,
        author=author,
        outlet_hints=[line for line in lines[: first_body + 3]] + [line for line, _ in dropped],
        dropped=dropped,
    )


def _find_title(lines: list[str], reasons: list[str | None], given: str | None) -> int | None:
    if given is not None:
        return next((i for i, line in enumerate(lines) if line == given), None)
    for i, line in enumerate(lines):
        if reasons[i] is None and chrome.is_headline_like(line):
            return i
        if reasons[i] is None and chrome.is_body_paragraph(line):
            # Running text came first: the article has no title line we can trust (a lead
            # paragraph is not a title), unless a short line follows it.
            continue
    return None


def _published(lines: list[str], title_index: int | None, first_body: int) -> date | None:
    """The article's own date: a line that is only a date, else the first date after the title.

    Dates are read only from the header (before the first body paragraph): related-story widgets
    further down carry their own dates. A widget date before the title belongs to a rubric or a
    teaser, not to this article (Sputnik's layout in the seeds).
    """
    header = range(0, min(first_body + 1, len(lines)))
    for i in header:
        if is_date_line(lines[i]):
            return find_dates(lines[i])[0].value
    after = title_index + 1 if title_index is not None else 0
    for i in header:
        if i >= after:
            found = find_dates(lines[i])
            if found:
                return found[0].value
    return None


def _normalise(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return re.sub(r"[ \t]+", " ", line).strip()


def _is_latin(lines: list[str]) -> bool:
    sample = "".join(lines[:200])
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return True
    latin = sum(1 for ch in letters if ch.isascii() or "\u00c0" <= ch <= "\u024f")
    return latin >= 0.5 * len(letters)
