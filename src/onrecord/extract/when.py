"""The day words were said, from the cue's time words and the article's published date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from onrecord.clean.dates import MONTHS, WEEKDAYS, find_dates


def said_on(when: str | None, published: str | None) -> str | None:
    """ "on Thursday" in an article of Friday 2021-12-03 -> 2021-12-02; None where nothing pins it.

    A weekday means the latest such day on or before publication (news reports the past: "said on
    Wednesday" in a Wednesday article is that same day). Vague spans ("last month") give None here.
    """
    if not when:
        return None
    found = find_dates(when)
    if found:
        return found[0].value.isoformat()
    if not published:
        return None
    try:
        base = date.fromisoformat(published[:10])
    except ValueError:
        return None
    low = when.lower()
    for index, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", low):
            back = (base.weekday() - index) % 7
            return (base - timedelta(days=back)).isoformat()
    if re.search(r"\b(?:today|tonight)\b", low):
        return base.isoformat()
    if "yesterday" in low:
        return (base - timedelta(days=1)).isoformat()
    m = re.search(r"\b([a-z]+)\.? (\d{1,2})\b", low)
    if m and m.group(1).rstrip(".") in MONTHS:
        try:
            candidate = date(base.year, MONTHS[m.group(1).rstrip(".")], int(m.group(2)))
        except ValueError:
            return None
        if candidate > base:
            candidate = candidate.replace(year=base.year - 1)
        return candidate.isoformat()
    return None
