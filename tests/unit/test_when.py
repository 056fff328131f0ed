"""Statement dates come from the cue's time words and the published date, never from a guess."""

from onrecord.extract.when import said_on


def test_weekday_before_publication():
    """'on Thursday' in a Friday article is the day before."""
    assert said_on("on Thursday", "2021-12-03") == "2021-12-02"


def test_same_weekday_is_publication_day():
    """'on Wednesday' in a Wednesday article is that same day, not a week earlier."""
    assert said_on("on Wednesday", "2023-11-29") == "2023-11-29"


def test_yesterday_today_and_month_day():
    """'yesterday', 'today' and 'Nov. 5' resolve against the published date."""
    assert said_on("yesterday", "2023-11-29") == "2023-11-28"
    assert said_on("today", "2023-11-29") == "2023-11-29"
    assert said_on("Nov. 5", "2023-11-29") == "2023-11-05"
    assert said_on("Dec. 5", "2023-11-29") == "2022-12-05"


def test_nothing_pins_it():
    """No published date or no time words: None."""
    assert said_on("Monday", None) is None
    assert said_on(None, "2023-11-29") is None
    assert said_on("last month", "2023-11-29") is None
