"""Metadata from HTML pages: title, published date, outlet, author, canonical URL.

The pages under tests/data/html_metadata are short news pages written for these tests (no copied
content), each in a layout common on news sites: OpenGraph tags, JSON-LD with a relative canonical
link, and a bare page whose site name is a slug. expected.json holds the values an analyst expects.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.clean import clean
from onrecord.clean.html import extract_html
from onrecord.clean.metadata import page_metadata
from onrecord.model import RawDocument

PAGES = Path(__file__).resolve().parents[1] / "data" / "html_metadata"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_metadata_matches_the_expected_values(name):
    """Title, published date, outlet, author and canonical URL come out as an analyst would write them."""
    want = EXPECTED[name]
    page = extract_html((PAGES / name).read_text(encoding="utf-8"), want["url"])
    assert page is not None
    assert (page.title, page.published, page.outlet, page.author, page.url) == (
        want["title"],
        want["published"],
        want["outlet"],
        want["author"],
        want["canonical"],
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cleaned_article_keeps_the_body_and_drops_the_page_around_it(name):
    """The stored article has the metadata, the title as first line, and the body without nav or footer."""
    want = EXPECTED[name]
    article = clean(RawDocument(source=name, html=(PAGES / name).read_text(encoding="utf-8"), url=want["url"]))
    assert article.title == want["title"]
    assert article.published == want["published"]
    assert article.outlet == want["outlet"]
    # A URL given with the page wins (README: given metadata wins); otherwise the canonical one.
    assert article.url == (want["url"] or want["canonical"])
    assert article.text.startswith(want["title"] + "\n\n")
    for snippet in want["body_contains"]:
        assert snippet in article.text
    for snippet in want["body_lacks"]:
        assert snippet not in article.text


def test_site_suffix_is_cut_from_the_title():
    """'Headline | Outlet' and 'Headline - host.tld' lose the tail; a dash inside a headline stays."""
    html = "<html><head><title>{}</title>{}</head><body></body></html>"
    site = '<meta property="og:site_name" content="The Coastal Herald">'
    assert page_metadata(html.format("Ferry back in April | The Coastal Herald", site)).title == "Ferry back in April"
    assert page_metadata(html.format("Ferry back in April - herald.example", "")).title == "Ferry back in April"
    kept = "Talks resume - and this time both sides say a deal is close"
    assert page_metadata(html.format(kept, "")).title == kept


def test_outlet_falls_back_to_the_domain_and_ignores_host_like_site_names():
    """No usable site name: the outlet is the known outlet for the domain, else the bare host."""
    html = '<html><head><meta property="og:site_name" content="{}"></head><body></body></html>'
    assert page_metadata(html.format("apnews.com"), "https://apnews.com/article/x").outlet == "AP"
    url = "https://www.valleytimes.example/x"
    assert page_metadata(html.format("valleytimes"), url).outlet == "valleytimes.example"
    assert page_metadata(html.format("Valley Times"), url).outlet == "Valley Times"
    assert page_metadata(html.format("The Valley Times | ValleyTimes.example"), url).outlet == "The Valley Times"
    assert page_metadata(html.format("Copyright 2014"), url).outlet == "valleytimes.example"


def test_metadata_of_a_broken_page_is_empty_not_an_error():
    """Markup lxml cannot read gives no metadata (and the URL's domain as outlet), never an exception."""
    meta = page_metadata("\x00\x01", "https://news.example/a")
    assert meta.title is None and meta.published is None
    assert meta.outlet == "news.example"
