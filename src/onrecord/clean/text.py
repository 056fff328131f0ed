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


def clean_text(raw: str, *, given_title: str | None = None, from_html: bool = False) -> CleanedText:
    """Remove page chrome from scraped article text and pick out title, date and author.

    ``from_html`` says the text is an HTML extractor's output rather than a whole scraped page: the
    extractor has already cut the page down to its main block, so the rules that guess structure
    from a flat page (a short line that recurs is a rubric; a Title Case line after the lead is a
    teaser) are off. Inside a main block such lines are the article's own lists and subheadings
    (recipes, tour dates, product lists): on the benchmark's dev pages those two rules removed
    about 3,300 gold tokens for 600 of chrome.
    """
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
        if recurs and line != given_title and not from_html:
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
        if why is None and from_html and i < first_body and given_title and _restates(line, given_title):
            why = "headline variant"
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
        if why is None and i > first_body and not from_html and chrome.is_title_case(line):
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


_CONTENT_WORD = re.compile(r"[^\W_]{3,}")


def _restates(line: str, title: str) -> bool:
    """A headline-like line that says the title again in other words (the page's H1 next to og:title).

    Half of the line's content words must be in the title and half of the title's in the line. Tuned
    on the benchmark's dev pages, where it catches the on-page headlines that HTML extractors leave
    above the first paragraph ("Julian Assange: Sweden drops rape investigation" under the title
    "Sweden drops Assange rape investigation"): 41 chrome tokens dropped for 29 gold ones.
    """
    if not chrome.is_headline_like(line) or len(line.split()) > 25:
        return False
    words = {w.lower() for w in _CONTENT_WORD.findall(line)}
    title_words = {w.lower() for w in _CONTENT_WORD.findall(title)}
    shared = len(words & title_words)
    # Both ways: a subheading that repeats a few words of a long title ("Kate Henshaw" under a
    # sentence-long title, a deal's name under a deals round-up) is article text in the gold.
    return len(words) >= 2 and shared >= 0.5 * len(words) and shared >= 0.5 * len(title_words)


HEADER_LINES = 6
"""The title is looked for among the first six lines that are not chrome: every seed page has its
title within its first three, and a title found deeper would make everything above it "header" and
drop it (a PolNeAR article whose last paragraph ends in a closing quote once lost its whole body)."""


def _find_title(lines: list[str], reasons: list[str | None], given: str | None) -> int | None:
    header = [i for i, why in enumerate(reasons) if why is None][:HEADER_LINES]
    if given is not None:
        return next((i for i in header if lines[i] == given), None)
    if not header:
        return None
    if not any(why is None for why in reasons[header[0] + 1 :]):
        return None  # a single line of text (a sentence, a pasted paragraph) is body, not a title
    first = lines[header[0]]
    # A short first line is the title, full stop or not ("Sanders: Brexit's message could draw
    # Trump support in US." in PolNeAR).
    if len(first.split()) <= 25 and not chrome.is_body_paragraph(first):
        return header[0]
    # Running text first: only a page that opened with chrome (widgets, rubrics: Sputnik's layout
    # in the seeds) may have its title below a teaser paragraph; a plain text's lede is never
    # dropped to reach a later subheading.
    if header[0] > 0:
        for i in header[1:]:
            if chrome.is_headline_like(lines[i]):
                return i
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
    letters = sum(map(str.isalpha, sample))
    if not letters:
        return True
    return len(chrome.LATIN_LETTER.findall(sample)) >= 0.5 * letters
