"""One raw document in, one cleaned ``Article`` (no quotes yet) out."""

from __future__ import annotations

import re

from onrecord.clean.html import extract_html
from onrecord.clean.outlets import canonical_outlet, outlet_from_lines, outlet_from_url
from onrecord.clean.text import clean_text
from onrecord.errors import InputError
from onrecord.model import Article, RawDocument

MIN_BODY_WORDS = 3
"""Fewer words than this in the body is no article (an empty page, a broken template)."""


def clean(raw: RawDocument) -> Article:
    """Clean one document. Raises InputError when nothing usable is left."""
    return clean_with_extractor(raw)[0]


def clean_with_extractor(raw: RawDocument) -> tuple[Article, str]:
    """``clean`` plus which extractor gave the body ("text" for scraped text, else the cascade's pick)."""
    extractor = "text"
    title = raw.title
    published = raw.published
    outlet = raw.outlet
    author = raw.author
    url = raw.url
    if raw.html is not None:
        page = extract_html(raw.html, url)
        if page is None:
            raise InputError(raw.source, "no article text found in the HTML", "no-text")
        body_source = page.text
        extractor = page.extractor
        title = title or page.title
        published = published or page.published
        outlet = outlet or (canonical_outlet(page.outlet) if page.outlet else None)
        author = author or page.author
        url = url or page.url
    else:
        body_source = raw.text or ""
    cleaned = clean_text(body_source, given_title=title, from_html=raw.html is not None)
    if sum(len(re.findall(r"[^\W\d_]{2,}", line)) for line in cleaned.body) < MIN_BODY_WORDS:
        raise InputError(raw.source, "no article text left after removing page chrome", "no-text")
    outlet = (
        (canonical_outlet(outlet) if outlet else None)
        or outlet_from_url(url)
        or outlet_from_lines(cleaned.outlet_hints)
    )
    if published is None and cleaned.published is not None:
        published = cleaned.published.isoformat()
    text = cleaned.text
    article = Article(
        id=raw.given_id or raw.content_hash,
        source=url or raw.source,
        text=text,
        title=cleaned.title,
        outlet=outlet,
        published=published,
        author=author or cleaned.author,
        url=url,
    )
    return article, extractor
