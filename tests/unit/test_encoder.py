"""The attribution encoder's pieces: word-piece windows, BIO decoding, feature vocabulary, shipped weights."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.quotes.encoder import BILOU_TAGS, FEATURES, TAGS, FeatureVocab, decode, windows


@pytest.fixture(scope="module")
def tokenizer():
    from tokenizers import Tokenizer

    from onrecord.link.embed import TOKENIZER

    return Tokenizer.from_file(str(TOKENIZER))


def _feats(n: int) -> list[list[int]]:
    return [[2 + (i % 3)] * len(FEATURES) for i in range(n)]


def test_windows_cover_every_word_once_within_the_limit(tokenizer):
    words = ("The minister said that the treaty , signed in 2010 , was dead . " * 30).split()
    starts = {i + 1 for i, w in enumerate(words) if w == "."}
    wins = windows(tokenizer, words, _feats(len(words)), starts, max_pieces=64)
    assert len(wins) > 1
    assert [w for win in wins for w in win.words] == list(range(len(words)))
    for win in wins:
        assert len(win.pieces) <= 64
        assert win.pieces[0] == 101 and win.pieces[-1] == 102
        assert len(win.feats) == len(win.pieces)
        # every window but the last ends at a sentence boundary: the sentences are short enough
        if win is not wins[-1]:
            assert win.words[-1] + 1 in starts


def test_a_sentence_longer_than_a_window_is_cut_anywhere(tokenizer):
    words = ["word"] * 300
    wins = windows(tokenizer, words, _feats(300), set(), max_pieces=50)
    assert [w for win in wins for w in win.words] == list(range(300))
    assert all(len(win.pieces) <= 50 for win in wins)


def test_first_piece_points_at_its_word(tokenizer):
    words = ["Ryabkov", "reiterated", "Moscow's", "objections"]
    [win] = windows(tokenizer, words, _feats(4), set())
    decoded = [tokenizer.id_to_token(win.pieces[p]) for p in win.first]
    assert decoded[0] == tokenizer.encode("Ryabkov", add_special_tokens=False).tokens[0]
    assert decoded[1] == "reiterated"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.floats(-20, 5), min_size=len(TAGS), max_size=len(TAGS)), max_size=40))
def test_decode_gives_valid_bio(rows):
    tags = decode(np.array(rows, dtype=np.float32).reshape(len(rows), len(TAGS)))
    assert len(tags) == len(rows)
    for prev, cur in zip(["O", *tags], tags, strict=False):
        if cur.startswith("I-"):
            assert prev != "O" and prev[2:] == cur[2:]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.floats(-20, 5), min_size=len(BILOU_TAGS), max_size=len(BILOU_TAGS)), max_size=40))
def test_decode_gives_valid_bilou(rows):
    """A span opened (B-/I-) goes on with I-/L- of its role and is closed by the last word."""
    tags = decode(np.array(rows, dtype=np.float32).reshape(len(rows), len(BILOU_TAGS)), BILOU_TAGS)
    assert len(tags) == len(rows)
    for prev, cur in zip(["O", *tags], [*tags, "O"], strict=True):
        opened = prev[:2] in ("B-", "I-")
        if cur[:2] in ("I-", "L-"):
            assert opened and prev[2:] == cur[2:]
        else:
            assert not opened


def test_decode_repairs_an_orphan_inside():
    scores = np.log(
        np.array(
            [
                [0.9, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01],  # O
                [0.1, 0.01, 0.01, 0.01, 0.01, 0.06, 0.8],  # I-CON without a B-CON before it
                [0.1, 0.01, 0.01, 0.01, 0.01, 0.06, 0.8],
            ]
        )
    )
    # B-CON + I-CON (0.06 * 0.8) beats O + O (0.1 * 0.1): the run is kept and given its start
    assert decode(scores) == ["O", "B-CON", "I-CON"]


def test_vocab_keeps_frequent_values_and_maps_the_rest_to_unknown():
    rows = [["R-CUE", "in", "lex", "nsubj", "NOUN", "O", "none/0", "self"]] * 3
    rows.append(["O", "out", "-", "rare", "VERB", "O", "none/0", "none"])
    vocab = FeatureVocab.build(rows, min_count=3)
    assert vocab.ids(rows[0])[0] >= 2
    assert vocab.ids(rows[-1])[3] == 1  # "rare" seen once
    assert vocab.sizes() == [len(vocab.tables[f]) + 2 for f in FEATURES]


def test_encoder_tagger_pickles_without_its_session():
    from onrecord.quotes.encoder import EncoderTagger

    tagger = EncoderTagger()
    tagger._open()
    clone = pickle.loads(pickle.dumps(tagger))
    assert clone._session is None and clone.model_path == tagger.model_path


@pytest.fixture(scope="module")
def paragraph(extractor):
    from onrecord.quotes.tagger import rule_labels

    doc = extractor.nlp("Ryabkov told reporters that NATO expansion was a red line, according to the ministry.")
    return doc, rule_labels(doc, 0, [])


def test_word_features_read_cues_and_their_reach_off_the_parse(extractor):
    """What the encoder was trained on: the lexicon/PolNeAR cue mark, the first cue word above (a
    root cue is its own, at depth 1) and the nearest cue word in the sentence, per word."""
    from onrecord.quotes.encoder import word_features

    doc = extractor.nlp("Officials said the talks had stalled.  Lavrov added that NATO was to blame.")
    index, words, feats = word_features(doc, ["O"] * len(doc))
    assert all(not doc[i].is_space for i in index) and len(index) == len(doc) - 1
    by_word = {w: dict(zip(FEATURES, f, strict=True)) for w, f in zip(words, feats, strict=True)}
    assert (by_word["said"]["cue"], by_word["said"]["anc"], by_word["said"]["side"]) == ("lex", "ROOT/1", "self")
    assert (by_word["Officials"]["anc"], by_word["Officials"]["side"]) == ("nsubj/1", "after1")
    assert by_word["stalled"]["anc"] == "ccomp/1"
    assert by_word["NATO"]["side"] == "before3"  # "added" two words back, "blame" three ahead
    assert by_word["blame"]["cue"] == "cue"  # a PolNeAR cue word, not the rules' lexicon


def test_the_crf_companion_gives_a_probability_per_token_and_tag(paragraph):
    from onrecord.quotes.tagger import AttributionTagger

    doc, rules = paragraph
    for labels in (TAGS, BILOU_TAGS):
        # The shipped CRF is trained on BILOU labels: asked for BIO, U-/L- mass joins B-/I-.
        rows = AttributionTagger().marginals(doc, rules, labels)
        assert len(rows) == len(doc)
        for row in rows:
            assert len(row) == len(labels) and abs(sum(row) - 1) < 1e-6


def test_an_article_tagged_together_gives_each_paragraph_what_it_gets_alone(extractor):
    """candidates_many computes the companion's marginals for all paragraphs in one pass; each
    paragraph's quotes are those it gets on its own."""
    from onrecord.quotes.candidates import paragraph_candidates
    from onrecord.quotes.encoder import EncoderTagger
    from onrecord.quotes.tagger import AttributionTagger

    texts = [
        "“It is a red line,” Ryabkov said.",
        "Ryabkov told reporters that NATO expansion was a red line, according to the ministry, and that "
        "Moscow would answer any deployment. Zakharova, for her part, blamed Washington.",
        "No comment.",
    ]
    items = [(doc, 0, paragraph_candidates(doc, 0)[0]) for doc in map(extractor.nlp, texts)]
    tagger = EncoderTagger(companion=AttributionTagger())
    together = tagger.candidates_many(items)
    assert together == [tagger.candidates(*item) for item in items]
    assert together[0] and together[1]


def test_the_mix_and_the_bias_change_what_the_encoder_decodes(paragraph):
    from onrecord.quotes.encoder import EncoderTagger
    from onrecord.quotes.tagger import AttributionTagger

    doc, rules = paragraph
    mixed = EncoderTagger(companion=AttributionTagger())
    tags = mixed.tag(doc, rules)
    assert "B-CUE" in tags and "B-SRC" in tags and "B-CON" in tags
    # a bias far below zero on one role takes that role out of the decoding, and nothing else breaks
    silenced = EncoderTagger(companion=AttributionTagger(), bias={"SRC": -50.0})
    quiet = silenced.tag(doc, rules)
    assert not any(t.endswith("SRC") for t in quiet)
    assert "B-CUE" in quiet and "B-CON" in quiet


def test_the_companion_travels_with_a_pickled_encoder():
    from onrecord.quotes.encoder import EncoderTagger
    from onrecord.quotes.tagger import AttributionTagger

    clone = pickle.loads(pickle.dumps(EncoderTagger(companion=AttributionTagger(), weight=0.6, bias={"CUE": 1.0})))
    assert isinstance(clone.companion, AttributionTagger)
    assert clone.weight == 0.6 and clone.bias == {"CUE": 1.0}
