"""The chrome rules for text that comes out of an HTML extractor, and the cascade's choice.

Each rule drops what it names and keeps a body line that looks close to it.
"""

from __future__ import annotations

import pytest

from onrecord.clean.chrome import chrome_reason
from onrecord.clean.html import Candidate, choose, readability_text
from onrecord.clean.text import clean_text

LEAD = "The council said on Tuesday that the harbour ferry would run again from April after repairs."


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Related: Ten photos of the new pier", "related-story teaser"),
        ("READ MORE: Storm closes the northern channel", "related-story teaser"),
        ("More:", "navigation"),
        ("DON'T MISS", "navigation"),
        ("Most read in world news", "related-story teaser"),
        ("Ferry chaos as pier collapses [VIDEO]", "related-story teaser"),
        ("Tempo de leitura: 2 minutos", "reading time"),
        ("4 min read", "reading time"),
        ("SOURCE: News agencies", "source or update stamp"),
        ("Updated at 1:23 p.m.", "source or update stamp"),
        ("reporter@herald.example", "contact handle"),
        ("twitter.com/heraldreporter", "contact handle"),
        ("Subscribe to the Morning Review newsletter", "newsletter or channel promo"),
        ("Get the latest updates right in your inbox. Subscribe to our newsletters.", "newsletter or channel promo"),
    ],
)
def test_extractor_chrome_is_dropped(line, reason):
    """Teasers, reading times, stamps, bare contacts and promos that extractors keep are chrome."""
    assert chrome_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Related reports from the port authority showed the same trend over the summer.",
        "More than 4,000 residents signed the petition, the council said.",
        "The source said the talks had stalled over the price of the new boats.",
        "Get ready for delays, the council told passengers who follow the northern route.",
        "#Browns Greedy Williams has been solid in run support and tackling so far this season, "
        "and he rarely misses a tackle.",
        "Updated figures from the port authority showed exports up 12 per cent.",
    ],
)
def test_body_lines_that_resemble_chrome_are_kept(line):
    """Sentences that merely start like a teaser, a stamp or a tag list are article text."""
    assert chrome_reason(line) is None


def test_lists_inside_an_extracted_article_are_kept():
    """From HTML, repeated short lines and Title Case list items are the article's own (recipes, tour dates)."""
    raw = "\n".join(
        [
            *(LEAD, "Meal 1", "Eat Every Two Hours", "Chicken And Rice Bowl", LEAD.replace("Tuesday", "Friday")),
            *("Meal 1", "Eat Every Two Hours", "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre"),
        ]
    )
    html_body = clean_text(raw, given_title="Harbour ferry returns", from_html=True).body
    assert html_body.count("Meal 1") == 2
    assert "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre" in html_body
    # The same lines in a flat scraped page are rubrics and teasers (the seeds' behaviour, unchanged).
    assert "Meal 1" not in clean_text(raw, given_title="Harbour ferry returns").body


def test_an_on_page_headline_restating_the_title_is_not_body():
    """An H1 above the lead that rewords the title goes; a subheading sharing two of its words stays."""
    title = "Sweden drops Assange rape investigation"
    raw = "\n".join(["Julian Assange: Sweden drops rape investigation", LEAD])
    assert clean_text(raw, given_title=title, from_html=True).body == [LEAD]
    raw = "\n".join(["Sweden and the Nordic ferry routes", LEAD])
    assert clean_text(raw, given_title=title, from_html=True).body[0] == "Sweden and the Nordic ferry routes"


def test_cascade_picks_the_text_the_others_agree_with():
    """Of three candidates, the one closest to the other two wins; empty candidates drop out."""
    body = " ".join(f"sentence {i} of the story goes on here." for i in range(30))
    chrome = " ".join(f"related headline {i} you will not believe" for i in range(30))
    picked = choose(
        [Candidate("trafilatura", body + " " + chrome), Candidate("precision", body), Candidate("readability", body)]
    )
    assert picked is not None and picked.name == "precision"
    assert choose([Candidate("a", ""), Candidate("b", "  ")]) is None
    assert choose([Candidate("a", ""), Candidate("b", body)]) == Candidate("b", body)


def test_readability_may_restore_a_story_cut_in_half():
    """When readability holds all of the vote's pick and twice as much again, readability wins."""
    first = " ".join(f"first half sentence {i} of the story." for i in range(30))
    second = " ".join(f"second half sentence {i} of the story." for i in range(40))
    picked = choose(
        [Candidate("trafilatura", first), Candidate("precision", first), Candidate("readability", first + " " + second)]
    )
    assert picked is not None and picked.name == "readability"


def test_readability_text_is_one_line_per_block():
    """readability's HTML becomes one line per paragraph, without scripts."""
    long_p = "The harbour ferry will run again from April, the council said on Tuesday after repairs. " * 5
    html = f"<html><body><div><p>{long_p}</p><script>var x = 1;</script><p>{long_p}</p></div></body></html>"
    lines = readability_text(html).split("\n")
    assert len(lines) == 2 and all(line.startswith("The harbour ferry") for line in lines)
    assert readability_text("") == ""
