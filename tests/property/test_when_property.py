"""Statement dates from free text never crash, and an interval always holds its day."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from onrecord.quotes.when import TIME_WORDS, cue_time_words, statement_date

WORDS = [
    "on", "said", "last", "this", "earlier", "week", "month", "year", "in", "between", "and", "to", "from",
    "Monday", "Wednesday", "yesterday", "today", "ago", "two", "days", "Nov.", "December", "late", "2019",
    "20", "22", "-", "31", "Feb", "29", ",",
]  # fmt: skip
phrases = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat)


@given(phrases, st.one_of(st.none(), days))
def test_statement_date_is_a_valid_day_or_interval(words, published):
    """Any time words give None, or ISO dates with earliest <= latest and said_on inside them."""
    found = statement_date(words, published)
    if found is None:
        return
    first, last = date.fromisoformat(found.earliest), date.fromisoformat(found.latest)
    assert first <= last
    if found.said_on is not None:
        assert first <= date.fromisoformat(found.said_on) <= last


@given(phrases, days)
def test_relative_words_never_point_after_publication(words, published):
    """Without an explicit year or full date, a statement is never dated after publication."""
    found = statement_date(words, published)
    if found is not None and not any(y in words for y in ("2019", "2030")) and found.rule != "explicit date":
        assert found.earliest <= published


@given(st.text(max_size=120), st.integers(0, 120), st.integers(0, 10))
def test_cue_time_words_never_raise(text, start, length):
    """Looking for time words around any span of any text returns None or words TIME_WORDS matches."""
    start = min(start, len(text))
    words = cue_time_words(text, start, min(len(text), start + length))
    assert words is None or TIME_WORDS.fullmatch(words)
