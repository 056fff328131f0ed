"""Statement dates come from the cue's time words and the published date, never from a guess."""

from onrecord.quotes.when import cue_time_words, said_on, statement_date


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
    assert said_on("last month", "2023-11-29") is None  # an interval, not a day: see below


# -- one test per rule (issue 4): 2023-11-29 is a Wednesday --------------------------------

WED = "2023-11-29"


def test_weekday_is_latest_on_or_before_publication():
    """'said Monday' is the Monday before; 'last Wednesday' in a Wednesday article is a week back."""
    assert said_on("said Monday", WED) == "2023-11-27"
    assert said_on("on Thursday", WED) == "2023-11-23"
    assert said_on("last Wednesday", WED) == "2023-11-22"


def test_relative_days():
    """'last night' and 'N days ago' count back from publication; 'this morning' is that day."""
    assert said_on("last night", WED) == "2023-11-28"
    assert said_on("two days ago", WED) == "2023-11-27"
    assert said_on("3 days ago", WED) == "2023-11-26"
    assert said_on("this morning", WED) == WED


def test_last_week_is_an_interval():
    """'last week' pins no day: Monday to Sunday of the week before, said_on None."""
    found = statement_date("last week", WED)
    assert found is not None and found.said_on is None
    assert (found.earliest, found.latest) == ("2023-11-20", "2023-11-26")


def test_earlier_this_week_and_month():
    """'earlier this week' / 'earlier this month' run from the week's Monday / the 1st to publication."""
    week = statement_date("earlier this week", WED)
    month = statement_date("earlier this month", WED)
    assert week is not None and (week.earliest, week.latest, week.said_on) == ("2023-11-27", WED, None)
    assert month is not None and (month.earliest, month.latest, month.said_on) == ("2023-11-01", WED, None)


def test_last_month_and_last_year():
    """'last month' in January is December of the year before; 'last year' is that whole year."""
    month = statement_date("last month", "2022-01-10")
    year = statement_date("last year", WED)
    assert month is not None and (month.earliest, month.latest) == ("2021-12-01", "2021-12-31")
    assert year is not None and (year.earliest, year.latest) == ("2022-01-01", "2022-12-31")


def test_explicit_dates():
    """A full date is that day whatever the publication; a month and day need the published year."""
    assert said_on("3 Dec, 2021", WED) == "2021-12-03"
    assert said_on("December 3, 2021", None) == "2021-12-03"
    assert said_on("Nov. 5", None) is None


def test_ranges_are_intervals():
    """Only a range given: the interval, no single day."""
    for words in ("between Nov. 20 and Nov. 22", "Nov. 20-22", "from 20 to 22 November", "20-22 November 2023"):
        found = statement_date(words, WED)
        assert found is not None and found.said_on is None, words
        assert (found.earliest, found.latest) == ("2023-11-20", "2023-11-22"), words


def test_recycled_quote_gets_the_earlier_date():
    """'he said in 2019' in a 2023 article: 2019, not the published date."""
    found = statement_date("in 2019", WED)
    assert found is not None and (found.earliest, found.latest) == ("2019-01-01", "2019-12-31")
    late = statement_date("in late 2021", WED)
    assert late is not None and late.earliest == "2021-09-01"
    month = statement_date("in December", WED)
    assert month is not None and (month.earliest, month.latest) == ("2022-12-01", "2022-12-31")


def test_time_words_next_to_the_cue():
    """The store finds the cue's own time words in the text, not a date inside the reported words."""
    text = "On Friday, Russia's Foreign Ministry demanded that the U.S. close the door."
    i = text.index("demanded")
    assert cue_time_words(text, i, i + 8) == "Friday"
    text = "Lavrov said last month that the US had avoided it."
    i = text.index("said")
    assert cue_time_words(text, i, i + 4) == "last month"
    text = "NATO would strike in 2019, he said."
    i = text.rindex("said")
    assert cue_time_words(text, i, i + 4) is None
