"""Across articles: one identity per speaker."""

from onrecord.link.apply import link_speakers
from onrecord.link.speakers import NameSeen, canonical_names, name_key, translit_key

__all__ = ["NameSeen", "canonical_names", "link_speakers", "name_key", "translit_key"]
