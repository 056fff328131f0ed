"""The Python API: ``onrecord.extract`` on text, called as often as an analyst likes."""

from __future__ import annotations

import importlib

TEXT = (
    "Jobs Report\n\n"
    "''We may finally be seeing wage growth,'' the economist Jared Bernstein wrote on his blog.\n\n"
    "Mr. Garin added that it would be harder to attack Obama."
)


def test_the_function_and_the_stage_modules_are_both_importable():
    """``onrecord.extract`` is the function, called as often as one likes; the stage it runs is the
    package ``onrecord.quotes``, whose modules import the usual ways without shadowing it."""
    import onrecord
    import onrecord.quotes.tagger as tagger

    first = onrecord.extract(TEXT)
    second = onrecord.extract(TEXT)
    assert callable(onrecord.extract) and callable(tagger.assemble)
    assert importlib.import_module("onrecord.quotes") is onrecord.quotes
    assert [q.id for q in first.quotes] == [q.id for q in second.quotes] and first.quotes


def test_doubled_apostrophes_are_quotation_marks_not_content():
    """Archive copies write quotation marks as two apostrophes; neither belongs to the quote."""
    import onrecord

    article = onrecord.extract(TEXT)
    [growth] = [q for q in article.quotes if "wage growth" in q.text(article.text)]
    assert growth.kind == "direct"
    assert growth.text(article.text).strip(",") == "We may finally be seeing wage growth"


def test_a_single_sentence_is_body_not_a_title():
    """A text of one line has no headline: its sentence is the article, and its quotes are found."""
    import onrecord

    article = onrecord.extract("The mayor said that taxes would rise.")
    assert article.title is None
    assert [q.text(article.text) for q in article.quotes] == ["that taxes would rise"]
