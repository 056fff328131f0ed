"""Calendar dates written out in article text ("3 Dec, 2021", "29/11/2023", "20.02.2022")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    # 2021-12-03
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d?)-(?P<day>\d\d?)\b"),
    # 20.02.2022, 29/11/2023 (day first: the convention of every outlet in the seeds; a first number
    # above 12 or a second above 12 settles it either way).
    re.compile(r"\b(?P<day>\d\d?)[./](?P<mnum>\d\d?)[./](?P<year>(?:19|20)\d\d)\b"),
    # 3 Dec, 2021 / 3 December 2021
    re.compile(r"\b(?P<day>\d\d?)(?:st|nd|rd|th)? " + _MONTH + r",? (?P<year>(?:19|20)\d\d)\b", re.I),
    # Dec 3, 2021 / December 3 2021
    re.compile(r"\b" + _MONTH + r" (?P<day>\d\d?)(?:st|nd|rd|th)?,? (?P<year>(?:19|20)\d\d)\b", re.I),
]
_TIME = re.compile(r"\b\d\d?:\d\d(?::\d\d)?(?:\s?[ap]\.?m\.?)?\b", re.I)


@dataclass(frozen=True, slots=True)
class FoundDate:
    start: int
    end: int
    value: date


def find_dates(text: str) -> list[FoundDate]:
    """Every full calendar date (day, month and year) in ``text``, in order, without overlaps."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _to_date(m)
            if value is not None:
                found.append(FoundDate(m.start(), m.end(), value))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def is_date_line(line: str) -> bool:
    """True when the line is nothing but a date, a time, a weekday and separators."""
    dates = find_dates(line)
    if not dates:
        return False
    rest = line
    for d in reversed(dates):
        rest = rest[: d.start] + rest[d.end :]
    rest = _TIME.sub(" ", rest)
    words = [w for w in re.findall(r"[^\W\d_]+", rest) if w.lower() not in WEEKDAYS]
    # One leftover word allows "Updated 3 Dec, 2021" / "Published …".
    return len(words) <= 1


def _to_date(m: re.Match[str]) -> date | None:
    groups = m.groupdict()
    year = int(groups["year"])
    day = int(groups["day"])
    if groups.get("month"):
        month = MONTHS[groups["month"].lower().rstrip(".")]
    else:
        month = int(groups["mnum"])
        if month > 12 and day <= 12 and "-" not in m.group(0):
            day, month = month, day
    try:
        return date(year, month, day)
    except ValueError:
        return None
