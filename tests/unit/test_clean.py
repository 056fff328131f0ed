"""The text cleaner drops page chrome, keeps the body and finds title and date."""

from datetime import date

from onrecord.clean import clean_text
from onrecord.clean.chrome import chrome_reason
from onrecord.clean.dates import find_dates, is_date_line
from onrecord.clean.outlets import outlet_from_lines, outlet_from_url


def test_chrome_lines_are_recognised():
    """Icon lists, credits, tags, ages, timestamps and prompts are chrome; a sentence is not."""
    for line in [
        "icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon",
        "Russian Diplomat Sergey Ryabkov in this undated photo (AP)",
        "Russia's Deputy Foreign Minister Sergei Ryabkov. Russian Foreign Ministry Press Office / TASS",
        "© Sputnik / Anton Denisov / Go to the mediabank",
        "#Sergey Ryabkov",
        "6 months ago",
        "27:38",
        "Read more",
        "log in or register",
        "Заголовок открываемого материала",
        "Support The Moscow Times!",
    ]:
        assert chrome_reason(line) is not None, line
    assert chrome_reason("Ryabkov said the West's response was an answer for the sake of an answer.") is None


def test_title_found_after_page_chrome_and_deduplicated():
    """The first headline-like line after chrome is the title; its repeat is dropped."""
    raw = (
        "icon a-icon b-icon c-icon d-icon\n3 Dec, 2021 10:22\nBig News Today\nBig News Today\n"
        "The minister said on Thursday that the talks would continue for at least another week.\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "Big News Today"
    assert cleaned.published == date(2021, 12, 3)
    assert cleaned.text.count("Big News Today") == 1
    assert "the talks would continue" in cleaned.text


def test_no_date_means_none_not_a_guess():
    """Weekday mentions in the body never become a published date."""
    cleaned = clean_text("A Title Here\nThe official said on Monday that nothing had changed at all since May.\n")
    assert cleaned.published is None


def test_widget_dates_before_the_title_are_not_the_article_date():
    """A recurring rubric and a related-story stamp above the title are skipped; the first date after the title wins."""
    raw = (
        "- Sputnik International, 1920, 13.01.2022\nRubric Title\n"
        "The rubric blurb runs on for a full sentence about the wider story, as Sputnik prints it.\n"
        "The Real Headline Here\nA caption of a photo. - Sputnik International, 1920, 20.02.2022\n"
        "MOSCOW (Sputnik) - The deputy minister said the reply lacked substance and was not serious.\n"
        "Rubric Title\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "The Real Headline Here"
    assert cleaned.published == date(2022, 2, 20)


def test_donation_appeal_is_dropped_to_its_end():
    """An appeal and the paragraphs that continue it go; the article body stays."""
    raw = (
        "Headline Of The Story\nThe ministry demanded guarantees on its western borders, officials said.\n"
        "… we have a small favor to ask.\nYour support, no matter how small, makes a difference to our journalism.\n"
        "Continue\nRead more\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.body == ["The ministry demanded guarantees on its western borders, officials said."]


def test_dates_in_many_formats():
    """Day-first numeric, month names and ISO dates parse; impossible dates do not."""
    assert [d.value for d in find_dates("3 Dec, 2021 10:22")] == [date(2021, 12, 3)]
    assert [d.value for d in find_dates("12:55 - 29/11/2023 Wednesday")] == [date(2023, 11, 29)]
    assert [d.value for d in find_dates("on December 3, 2021")] == [date(2021, 12, 3)]
    assert [d.value for d in find_dates("2022-02-20")] == [date(2022, 2, 20)]
    assert find_dates("31.02.2022") == []
    assert is_date_line("12:55 - 29/11/2023 Wednesday")
    assert not is_date_line("The talks of 29/11/2023 went on for hours")


def test_outlets_from_url_and_self_references():
    """A known domain maps to its outlet; a page naming itself in a dateline or appeal counts."""
    assert outlet_from_url("https://www.rt.com/russia/542 ") == "RT"
    assert outlet_from_url("https://news.example.org/x") == "news.example.org"
    assert outlet_from_lines(["MOSCOW (Sputnik) - Russian Deputy Foreign Minister said"]) == "Sputnik"
    assert outlet_from_lines(["Support The Moscow Times!"]) == "The Moscow Times"
    assert outlet_from_lines(["Russian Diplomat in this undated photo (AP)"]) is None


def test_plain_article_loses_no_line_to_a_title_guess():
    """Regression: a first line ending in a full stop is the title, and a last paragraph ending in a
    closing quote never becomes the title (which once dropped a whole PolNeAR article as 'header')."""
    raw = (
        "Sanders: Brexit’s message could draw Trump support in US.\n\n"
        "New York (AFP) – The same popular frustration could send droves of voters to Trump, Sanders warned.\n\n"
        "In an opinion piece, Sanders wrote that legions of voters are ripe for that message.\n\n"
        "“But we do not need change based on demagogy and bigotry.”\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "Sanders: Brexit’s message could draw Trump support in US."
    assert len(cleaned.body) == 3 and cleaned.dropped == []


def test_body_sentences_that_look_like_chrome_words_stay():
    """'a Reuters/Ipsos poll', 'wanted to make a donation' and mojibake 'Ã©' are body text."""
    for line in [
        "The latest Reuters/Ipsos poll showed Trump leading the field with support from a third of voters.",
        '"I just liked what he said and wanted to make a donation," said the owner of a repair shop.',
        "The French minister, SÃ©golÃ¨ne Royal, alluded to the importance of the American election.",
        "(BEGIN VIDEO CLIP.)",
    ]:
        assert chrome_reason(line) is None, line
        assert clean_text("Title Line Here\n" + line).body == [line]
