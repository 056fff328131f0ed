"""The per-Doc reads every extractor shares: the same values spaCy's Token API gives."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp(extractor):
    return extractor.nlp


PARAGRAPHS = [
    "Sergei Ryabkov, Russia's deputy foreign minister, said on Thursday that NATO  had ignored Moscow.",
    '"We will not fall to provocations," he warned.\u00a0The West disagreed. It said nothing more.',
    "",
    "   ",
    "According to the Times (citing two officials), Lavrov refused.",
]


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_columns_agree_with_spacys_tokens(nlp, text):
    """Every column equals the Token attribute it stands for, sentences included, on text with
    double and non-breaking spaces, entities, quotation marks and an empty paragraph."""
    from onrecord.quotes.parsed import columns, text_of

    doc = nlp(text)
    cols = columns(doc)
    assert text_of(doc) == doc.text == text
    toks = list(doc)
    assert cols.idx == [t.idx for t in toks]
    assert cols.text == [t.text for t in toks]
    assert cols.head == [t.head.i for t in toks]
    assert cols.dep == [t.dep_ for t in toks]
    assert cols.pos == [t.pos_ for t in toks]
    assert cols.tag == [t.tag_ for t in toks]
    assert cols.lower == [t.lower_ for t in toks]
    assert cols.lemma == [t.lemma_.lower() for t in toks]
    assert cols.shape == [t.shape_ for t in toks]
    assert cols.ent == [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in toks]
    assert cols.space == [t.is_space for t in toks]
    assert cols.sents == [(s.start, s.end) for s in doc.sents]
    assert columns(doc) is cols  # read once, kept on the Doc


def test_token_range_takes_the_tokens_that_start_inside(nlp):
    """A token counts when its first character lies in [start, end): one cut mid-word is left out."""
    from onrecord.quotes.parsed import token_range

    doc = nlp("He said that taxes rise.")
    said = doc.text.index("said")
    assert [doc[i].text for i in token_range(doc, said, said + 4)] == ["said"]
    assert [doc[i].text for i in token_range(doc, said + 1, doc.text.index("rise"))] == ["that", "taxes"]
    assert list(token_range(doc, 0, 0)) == [] and [doc[i].text for i in token_range(doc, 0, 1000)][-1] == "."
    for start in range(len(doc.text) + 1):
        for end in range(start, len(doc.text) + 2):
            assert [doc[i] for i in token_range(doc, start, end)] == [t for t in doc if start <= t.idx < end]
