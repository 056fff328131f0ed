"""Raw HTML pages into article text and metadata, through trafilatura, then our text cleaner."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    text: str
    title: str | None
    published: str | None
    outlet: str | None
    author: str | None
    url: str | None


def extract_html(html: str, url: str | None = None) -> HtmlExtract | None:
    """Main text and metadata of a page, or None when the page holds no article text."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        favor_recall=True,
    )
    if doc is None or not (doc.text or "").strip():
        return None
    published = doc.date if doc.date and len(doc.date) >= 10 else None
    return HtmlExtract(
        text=doc.text,
        title=(doc.title or None),
        published=published[:10] if published else None,
        outlet=doc.sitename or None,
        author=doc.author or None,
        url=doc.url or url,
    )
