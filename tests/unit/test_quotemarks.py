"""Quotation marks of every style pair up; apostrophes and possessives do not."""

from onrecord.quotes.quotemarks import scan


def quoted(text: str) -> list[str]:
    return [text[q.open + 1 : q.close] for q in scan(text).quotes]


def test_curly_double_quotes():
    """“…” pairs are found with their inner words."""
    assert quoted("He said “we are ready,” and left.") == ["we are ready,"]


def test_straight_guillemets_and_low_quotes():
    """Straight, « » and „ “ quotes all pair."""
    assert quoted('He said "yes" and «non» and „ja“.') == ["yes", "non", "ja"]


def test_mismatched_marks_from_scraped_text():
    """A closing mark used to open (”bridgehead”) and a straight mark closed by a curly one pair up."""
    assert quoted("turning it into a ”bridgehead” of confrontation") == ["bridgehead"]
    assert quoted('"But we emphasize it,” he said.') == ["But we emphasize it,"]


def test_apostrophes_and_possessives_are_not_marks():
    """States’ and don’t are not quotation marks."""
    assert quoted("the United States’ “inexplicable fixation” and they don’t care") == ["inexplicable fixation"]


def test_single_quotes_in_headlines():
    """Headline-style single quotes pair when nothing double-quoted surrounds them."""
    assert quoted("Russia Threatens ‘Military Response’ to NATO Expansion") == ["Military Response"]


def test_nested_single_quotes_stay_inside():
    """A quote inside a quote is part of the outer quotation, not a second one."""
    assert quoted("“It was Russia and its ‘possible aggression’ again,” she said.") == [
        "It was Russia and its ‘possible aggression’ again,"
    ]


def test_unbalanced_paragraph_yields_nothing():
    """An opening mark that never closes marks the paragraph unbalanced instead of guessing."""
    result = scan("He said “this never ends and then")
    assert result.unbalanced and result.quotes == ()
