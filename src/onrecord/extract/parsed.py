"""Reads of a parsed paragraph that spaCy would rebuild on every access, done once per Doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_TEXT = "onrecord.text"


def text_of(doc: Doc) -> str:
    """The paragraph's text. ``Doc.text`` joins every token's text anew on each call (a Token object
    per word): the rules, the tagger's features and the assembly each read it several times."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text
