"""The attribution tagger: label decoding into quotes, and the shipped model on sentences written here."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st


@pytest.fixture(scope="module")
def nlp(extractor):
    return extractor.nlp


def test_assemble_joins_content_cue_and_source(nlp):
    """Content takes the cue it hangs off, the cue the source in its sentence; 'that' stays content."""
    from onrecord.quotes.tagger import assemble

    doc = nlp("The mayor said that taxes would rise.")
    tags = ["B-SRC", "I-SRC", "B-CUE", "B-CON", "I-CON", "I-CON", "I-CON", "O"]
    [cand] = assemble(doc, 100, tags)
    assert cand.kind == "indirect"
    assert [doc.text[s - 100 : e - 100] for s, e in cand.content] == ["that taxes would rise"]
    assert cand.cue == (110, 114) and cand.cue_lemma == "say"
    assert cand.mention is not None and cand.mention.text == "The mayor" and cand.mention.kind == "role"


def test_assemble_cuts_content_at_quotation_marks_not_apostrophes(nlp):
    """A mixed quote's marks are not content; "Russia’s" is not cut at its apostrophe."""
    from onrecord.quotes.tagger import assemble

    doc = nlp("Lavrov said Russia’s patience was “running out” now.")
    labels = {"Lavrov": "B-SRC", "said": "B-CUE"}
    tags = []
    for t in doc:
        if t.text in labels:
            tags.append(labels[t.text])
        elif t.text == ".":
            tags.append("O")
        else:
            tags.append("B-CON" if tags[-1] == "B-CUE" else "I-CON")
    [cand] = assemble(doc, 0, tags)
    assert cand.kind == "mixed"
    assert [doc.text[s:e] for s, e in cand.content] == ["Russia’s patience was", "running out", "now"]


def test_assemble_splits_two_attributions_in_one_paragraph(nlp):
    """Each content joins the cue of its own sentence."""
    from onrecord.quotes.tagger import assemble

    doc = nlp("Smith said prices fell. Jones argued that wages rose.")
    words = [t.text for t in doc]
    tags = ["O"] * len(doc)
    for i, w in enumerate(words):
        tags[i] = {"Smith": "B-SRC", "Jones": "B-SRC", "said": "B-CUE", "argued": "B-CUE"}.get(w, tags[i])
    for i in (2, 3):
        tags[i] = "B-CON" if i == 2 else "I-CON"
    for i in range(7, 10):
        tags[i] = "B-CON" if i == 7 else "I-CON"
    cands = assemble(doc, 0, tags)
    assert [(c.mention.text if c.mention else None, [doc.text[s:e] for s, e in c.content]) for c in cands] == [
        ("Smith", ["prices fell"]),
        ("Jones", ["that wages rose"]),
    ]


def test_assemble_gives_a_cue_without_content_its_clause(nlp):
    """A cue labelled with no content keeps its clausal complement from the parse as content."""
    from onrecord.quotes.tagger import assemble

    doc = nlp("The mayor said taxes would rise.")
    tags = ["B-SRC", "I-SRC", "B-CUE", "O", "O", "O", "O"]
    [cand] = assemble(doc, 0, tags)
    assert [doc.text[s:e] for s, e in cand.content] == ["taxes would rise"]
    assert cand.mention is not None and cand.mention.text == "The mayor"


def test_assemble_lends_an_unused_source_to_a_cue_without_one(nlp):
    """A cue with no source in its sentence takes the nearest source no other cue took."""
    from onrecord.quotes.tagger import assemble

    doc = nlp("The mayor was blunt. In a statement on Monday, she said taxes would rise.")
    tags = ["O"] * len(doc)
    tags[0:2] = ["B-SRC", "I-SRC"]
    tags[12] = "B-CUE"
    tags[13:16] = ["B-CON", "I-CON", "I-CON"]
    [cand] = assemble(doc, 0, tags)
    assert cand.mention is not None and cand.mention.text == "The mayor"


def test_assemble_prefers_the_source_the_parse_ties_to_the_cue(nlp):
    """Two labelled sources in the cue's sentence: its subject wins over a nearer bystander."""
    from onrecord.quotes.tagger import assemble

    doc = nlp("Trump, speaking after Clinton, said the deal was dead.")
    tags = ["O"] * len(doc)
    tags[0] = "B-SRC"  # Trump: the subject of "said"
    tags[4] = "B-SRC"  # Clinton: nearer to "said", but hangs off "after"
    tags[6] = "B-CUE"
    tags[7:11] = ["B-CON", "I-CON", "I-CON", "I-CON"]
    [cand] = assemble(doc, 0, tags)
    assert cand.mention is not None and cand.mention.text == "Trump"


@pytest.mark.parametrize("attribution", ["crf", "encoder"])
def test_shipped_model_finds_indirect_speech(extractor, attribution):
    """The packaged weights (CRF and encoder) tag a plain reported-speech sentence: cue, source, content."""
    from onrecord.model import Article
    from onrecord.quotes import QuoteExtractor

    text = "Budget vote\n\nThe city's finance director said on Monday that property taxes would rise next year.\n"
    extractor = QuoteExtractor(nlp=extractor.nlp, attribution=attribution)
    [quote] = extractor(Article(id="t", source="<test>", text=text, title="Budget vote")).quotes
    assert quote.kind == "indirect"
    assert "property taxes would rise next year" in quote.text(text)
    assert quote.cue is not None and quote.cue.of(text).startswith("said") and quote.cue_lemma == "say"
    assert quote.speaker.mention is not None and "finance director" in quote.speaker.mention.of(text)
    # Provenance: the stored quote names the model whose reading of it was kept.
    assert quote.stage.endswith(f":{attribution}")


def test_extractor_with_model_pickles():
    """A stage with the tagger pickles (workers reopen the weights themselves)."""
    from onrecord.quotes import QuoteExtractor

    extractor = QuoteExtractor(attribution="crf")
    clone = pickle.loads(pickle.dumps(extractor))
    assert clone.tagger is not None and clone.tagger.model_path == extractor.tagger.model_path


def test_token_features_list_their_keys_in_the_documented_order(nlp):
    """Each token's row: its own features in ``_FEATURE_KEYS`` order, then ``_SHORT`` of each of
    its two neighbours either side (an edge marker past the paragraph), then BOP / EOP."""
    from onrecord.quotes.tagger import _FEATURE_KEYS, _SHORT, token_features

    doc = nlp("The mayor said that taxes would rise.")
    rows = token_features(doc, ["O"] * len(doc))
    own = len(_FEATURE_KEYS)
    for i, row in enumerate(rows):
        assert [f.split("=", 1)[0] for f in row[:own]] == list(_FEATURE_KEYS)
        neighbours = [f for f in row[own:] if f not in ("BOP", "EOP")]
        expected = []
        for d in (-2, -1, 1, 2):
            j = i + d
            expected += [f"{d}:{k}" for k in _SHORT] if 0 <= j < len(doc) else [f"{d}:edge"]
        assert [f if f.endswith(":edge") else f.split("=", 1)[0] for f in neighbours] == expected
    assert rows[0][-1] == "BOP" and rows[-1][-1] == "EOP"


def test_shipped_model_tags_as_crfsuite_does_on_a_batch_of_paragraphs(nlp):
    """The numpy tagger, fed feature rows for several paragraphs at once, gives CRFsuite's labels and
    marginals for each: the rows stand for exactly the feature strings CRFsuite was trained on."""
    pycrfsuite = pytest.importorskip("pycrfsuite")
    import numpy as np

    from onrecord.quotes.candidates import paragraph_candidates
    from onrecord.quotes.tagger import AttributionTagger, rule_labels, to_bio, token_features

    texts = [
        "“We will not retreat,” Ryabkov told reporters on Thursday, adding that Moscow’s patience had limits.",
        "According to the Foreign Ministry, NATO has ignored the three key demands.",
        "Ok.",
        "The senior diplomat warned that the West 'repeats like a mantra' that Kyiv decides, and he called "
        "it a dangerous illusion; Zakharova, for her part, said nothing.",
    ]
    docs = [nlp(t) for t in texts]
    items = [(doc, rule_labels(doc, 0, paragraph_candidates(doc, 0)[0])) for doc in docs]
    tagger = AttributionTagger()
    reference = pycrfsuite.Tagger()
    reference.open(tagger.model_path)
    assert tagger.tag_many(items) == [to_bio(reference.tag(token_features(d, r))) for d, r in items]
    doc, rules = items[0]
    reference.set(token_features(doc, rules))
    bio = ["O", "B-CUE", "I-CUE", "B-SRC", "I-SRC", "B-CON", "I-CON"]
    want = [
        [sum(reference.marginal(y, i) for y in reference.labels() if to_bio([y])[0] == b) for b in bio]
        for i in range(len(doc))
    ]
    assert np.allclose(tagger.marginals(doc, rules, bio), want, atol=1e-9)


def test_bilou_marks_span_ends_and_single_words():
    """Training labels: the last word of a span is L-, a one-word span U-; O stays O."""
    from onrecord.quotes.tagger import to_bilou

    bio = ["B-SRC", "I-SRC", "B-CUE", "B-CON", "I-CON", "I-CON", "O", "B-CON", "B-CON", "I-SRC"]
    assert to_bilou(bio) == ["B-SRC", "L-SRC", "U-CUE", "B-CON", "I-CON", "L-CON", "O", "U-CON", "U-CON", "L-SRC"]


@given(st.lists(st.sampled_from(["O", "B-CUE", "I-CUE", "B-SRC", "I-SRC", "B-CON", "I-CON"]), max_size=30))
def test_bilou_round_trips_to_the_bio_labels(bio):
    """Decoding a BILOU-trained model's labels gives back the BIO labels it was trained from."""
    from onrecord.quotes.tagger import to_bilou, to_bio

    assert to_bio(to_bilou(bio)) == bio


@st.composite
def _forests(draw):
    """Random dependency forests: every token's head is itself (a root) or a token of its sentence."""
    n = draw(st.integers(1, 40))
    cuts = sorted(set(draw(st.lists(st.integers(1, n - 1), max_size=4)))) if n > 1 else []
    sents = list(zip([0, *cuts], [*cuts, n], strict=True))
    head = list(range(n))
    for start, end in sents:
        order = draw(st.permutations(range(start, end)))
        for k, i in enumerate(order[1:], start=1):
            head[i] = order[draw(st.integers(0, k - 1))]  # an earlier token in the order: no cycles
    return head, sents


@given(_forests(), st.data())
def test_heads_first_order_and_the_nearest_cue(forest, data):
    """The heads-first order puts every head before its tokens, and the nearest cue in the sentence
    is the one ``min`` picks (the earlier of two as near)."""
    from onrecord.quotes.tagger import _heads_first, _nearest_cues

    head, sents = forest
    order = _heads_first(head)
    assert sorted(order) == list(range(len(head)))
    seen = set()
    for i in order:
        assert head[i] == i or head[i] in seen
        seen.add(i)
    cue = data.draw(st.lists(st.booleans(), min_size=len(head), max_size=len(head)))
    nearest = _nearest_cues(cue, sents)
    for start, end in sents:
        cues = [c for c in range(start, end) if cue[c]]
        for i in range(start, end):
            assert nearest[i] == (min(cues, key=lambda c: abs(c - i)) if cues else -1)
