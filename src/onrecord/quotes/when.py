"""The day words were said, from the cue's time words and the article's published date.

``said_on`` is one day or None: the export schema keeps it a single ``YYYY-MM-DD``. Where the text
gives only a span ("last week", "earlier this month", "in 2019", "between Nov. 20 and 22"),
``statement_date`` returns the interval (``earliest``/``latest``) with ``said_on`` None; the store
keeps that interval beside the quote (``statement_dates`` table) and the timeline sorts by it.

Rules, each relative to the published date (news reports the past, so a bare weekday or month is
the latest one on or before publication):

- a full date ("3 Dec, 2021", "2021-12-03") -> that day; "Nov. 5" -> that day of the latest such
  month on or before publication; "Nov. 20-22", "between Nov. 20 and Nov. 22" -> that interval
- a weekday ("on Thursday", "said Monday") -> the latest such day on or before publication, so the
  same weekday as publication is that very day; "last Thursday" -> strictly before publication
- "today", "tonight", "this morning", "earlier today" -> the published day; "yesterday",
  "last night" -> the day before; "N days ago" -> N days before; "a week ago" -> 7 days before
- "this week", "earlier this week" -> Monday of the published week .. the published day;
  "last week" -> Monday .. Sunday of the week before
- "this month", "earlier this month" -> the 1st .. the published day; "last month" -> that month
- "this year", "earlier this year" -> 1 January .. the published day; "last year" -> that year
- "in 2019", "in December", "in December 2019", "in late 2021" -> that year, month or part of a year
  (a recycled quote, "he said in 2019", gets the earlier date, whatever the published date)
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from onrecord.clean.dates import MONTHS, WEEKDAYS, find_dates


@dataclass(frozen=True, slots=True)
class StatementDate:
    """When words were said: one day (``said_on``), or only an interval, and the rule that gave it."""

    said_on: str | None
    earliest: str
    latest: str
    rule: str


_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}

TIME_WORDS = re.compile(
    r"\b(?:"
    rf"(?:between|from) {_MONTH} \d{{1,2}}(?:,? \d{{4}})? (?:and|to|until) (?:{_MONTH} )?\d{{1,2}}(?:,? \d{{4}})?|"
    rf"(?:between|from) \d{{1,2}} (?:{_MONTH} )?(?:and|to|until) \d{{1,2}} {_MONTH}(?:,? \d{{4}})?|"
    rf"{_MONTH} \d{{1,2}}\s?[-–]\s?\d{{1,2}}(?:,? \d{{4}})?|\d{{1,2}}\s?[-–]\s?\d{{1,2}} {_MONTH}(?:,? \d{{4}})?|"
    rf"\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?|"
    r"\d{4}-\d\d-\d\d|\d\d?[./]\d\d?[./]\d{4}|"
    rf"(?:last |this (?:past )?)?{_WEEKDAY}|yesterday|today|tonight|last night|this (?:morning|afternoon|evening)|"
    r"earlier today|(?:\d+|a|an|one|two|three|four|five|six|seven|ten) (?:days?|weeks?) ago|"
    r"(?:earlier |later )?this (?:week|month|year)|last (?:week|month|year)|"
    rf"in (?:early |mid-?|late )?(?:{_MONTH}(?: (?:19|20)\d\d)?|(?:19|20)\d\d)"
    r")\b",
    re.I,
)
"""Time expressions a cue can carry; ``cue_time_words`` finds them around a cue in stored text."""


def said_on(when: str | None, published: str | None) -> str | None:
    """ "on Thursday" in an article of Friday 2021-12-03 -> 2021-12-02; None where no single day is pinned."""
    found = statement_date(when, published)
    return found.said_on if found else None


def statement_date(when: str | None, published: str | None) -> StatementDate | None:
    """The day or interval the time words ``when`` point to, relative to ``published``."""
    if not when:
        return None
    low = re.sub(r"\s+", " ", when.lower().strip())
    base = _day(published)
    found = _range(low, base)
    if found:
        return found
    full = find_dates(when)
    if full:
        return _one(full[0].value, "explicit date")
    m = re.search(r"\bin (early |mid-?|late )?(?:(" + _MONTH + r")(?: ((?:19|20)\d\d))?|((?:19|20)\d\d))\b", low)
    if m:
        return _in_period(m, base)
    if base is None:
        return None
    m = re.search(r"\b(" + _MONTH + r") (\d{1,2})(?:st|nd|rd|th)?\b", low)
    if m:
        day = _month_day(MONTHS[m.group(1).rstrip(".")], int(m.group(2)), base)
        return _one(day, "month and day, latest on or before publication") if day else None
    m = re.search(r"\b(last |this (?:past )?)?(" + _WEEKDAY + r")\b", low)
    if m:
        back = (base.weekday() - WEEKDAYS.index(m.group(2))) % 7
        if m.group(1) and m.group(1).startswith("last") and back == 0:
            back = 7
        return _one(base - timedelta(days=back), "weekday, latest on or before publication")
    if re.search(r"\b(?:today|tonight|this (?:morning|afternoon|evening)|earlier today)\b", low):
        return _one(base, "today")
    if re.search(r"\b(?:yesterday|last night)\b", low):
        return _one(base - timedelta(days=1), "yesterday")
    m = re.search(r"\b(\d+|a|an|one|two|three|four|five|six|seven|ten) (day|week)s? ago\b", low)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
        return _one(base - timedelta(days=n * (7 if m.group(2) == "week" else 1)), "days ago")
    monday = base - timedelta(days=base.weekday())
    if re.search(r"\blast week\b", low):
        return _span(monday - timedelta(days=7), monday - timedelta(days=1), "last week")
    if re.search(r"\bthis week\b", low):
        return _span(monday, base, "this week")
    if re.search(r"\blast month\b", low):
        end = base.replace(day=1) - timedelta(days=1)
        return _span(end.replace(day=1), end, "last month")
    if re.search(r"\bthis month\b", low):
        return _span(base.replace(day=1), base, "this month")
    if re.search(r"\blast year\b", low):
        return _span(date(base.year - 1, 1, 1), date(base.year - 1, 12, 31), "last year")
    if re.search(r"\bthis year\b", low):
        return _span(date(base.year, 1, 1), base, "this year")
    return None


def cue_time_words(text: str, cue_start: int, cue_end: int, reach: int = 40) -> str | None:
    """Time words next to a cue in stored text: within ``reach`` characters after it, else before it
    in the same sentence ("said on Wednesday", "On Friday, the ministry demanded").

    Used where the parse that found the quote is gone (the store recomputes intervals from the text);
    the 40-character reach covers "said in an interview on Wednesday" and was checked on the seeds.
    """
    after = text[cue_end : cue_end + reach]
    stop = re.search(r"[.;:!?\n“\"]|, (?:but|and|while|adding|warning)\b", after)
    after = after[: stop.start()] if stop else after
    m = TIME_WORDS.search(after)
    if m:
        return m.group(0)
    left = max(text.rfind(".", 0, cue_start), text.rfind("\n", 0, cue_start)) + 1
    before = text[left:cue_start]
    hits = list(TIME_WORDS.finditer(before))
    # Only a time phrase that opens the sentence or sits right before the cue is the cue's own
    # ("On Friday, Russia's Foreign Ministry demanded", "the ministry on Friday demanded"), not one
    # inside reported content before the cue ("NATO would strike in 2019, he said").
    for hit in reversed(hits):
        if hit.start() < 4 or len(before) - hit.end() <= 2:
            return hit.group(0)
    return None


def _day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _one(day: date, rule: str) -> StatementDate:
    iso = day.isoformat()
    return StatementDate(iso, iso, iso, rule)


def _span(first: date, last: date, rule: str) -> StatementDate:
    if first == last:
        return _one(first, rule)
    return StatementDate(None, first.isoformat(), last.isoformat(), rule)


def _month_day(month: int, day: int, base: date, year: int | None = None) -> date | None:
    """The day in ``year``, else its latest occurrence on or before ``base`` (Feb 29 skips to a leap year)."""
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for back in range(0, 8):
        try:
            candidate = date(base.year - back, month, day)
        except ValueError:
            continue
        if candidate <= base:
            return candidate
    return None


def _in_period(m: re.Match[str], base: date | None) -> StatementDate | None:
    part, month_word, month_year, year_only = m.group(1), m.group(2), m.group(3), m.group(4)
    if year_only:
        year = int(year_only)
        first_month, last_month = {"early ": (1, 4), "late ": (9, 12)}.get(part or "", (5, 8) if part else (1, 12))
        last = date(year, last_month, calendar.monthrange(year, last_month)[1])
        return _span(date(year, first_month, 1), last, f"in {part or ''}year".replace("  ", " "))
    month = MONTHS[month_word.rstrip(".")]
    if month_year:
        year = int(month_year)
    elif base is not None:
        year = base.year if month <= base.month else base.year - 1
    else:
        return None
    return _span(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "in month")


def _range(low: str, base: date | None) -> StatementDate | None:
    """ "Nov. 20-22", "20-22 November 2023", "between Nov. 20 and Nov. 22", "from 20 to 22 November"."""
    patterns = [
        rf"(?P<m1>{_MONTH}) (?P<d1>\d{{1,2}})(?:,? (?P<y1>\d{{4}}))?\s?(?:[-–]|and|to|until)\s?"
        rf"(?:(?P<m2>{_MONTH}) )?(?P<d2>\d{{1,2}})(?:,? (?P<y2>\d{{4}}))?",
        rf"(?P<d1>\d{{1,2}}) (?:(?P<m1>{_MONTH}) )?(?:[-–]|and|to|until) (?P<d2>\d{{1,2}}) (?P<m2>{_MONTH})"
        rf"(?:,? (?P<y2>\d{{4}}))?",
        rf"(?P<d1>\d{{1,2}})\s?[-–]\s?(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH})(?:,? (?P<y2>\d{{4}}))?",
    ]
    for pattern in patterns:
        m = re.search(pattern, low)
        if not m:
            continue
        g = m.groupdict()
        m1 = MONTHS[(g.get("m1") or g["m2"] or "").rstrip(".")] if (g.get("m1") or g.get("m2")) else None
        m2 = MONTHS[g["m2"].rstrip(".")] if g.get("m2") else m1
        if m1 is None or m2 is None:
            continue
        year = g.get("y2") or g.get("y1")
        if year is None and base is None:
            return None
        y = int(year) if year else None
        last = _month_day(m2, int(g["d2"]), base or date(9999, 12, 31), y)
        first = _month_day(m1, int(g["d1"]), last or base or date(9999, 12, 31), y)
        if first is None or last is None or first > last:
            return None
        return _span(first, last, "range")
    return None
