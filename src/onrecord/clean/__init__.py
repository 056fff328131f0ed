"""Raw documents into cleaned articles: boilerplate removal, title, published date, outlet, author."""

from onrecord.clean.article import clean
from onrecord.clean.text import CleanedText, clean_text

__all__ = ["CleanedText", "clean", "clean_text"]
