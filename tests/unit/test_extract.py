"""Quote extraction on short texts written for these tests: each case the seeds show, in isolation.

These pin the rules (quotes/candidates.py): the attribution model's evidence and the fallback
when it is off (ONRECORD_ATTRIBUTION=rules). The default pipeline follows PolNeAR's span
conventions instead ("that" inside indirect content, a quote and its continuation as one
attribution); it is pinned by the golden tests and tests/unit/test_encoder.py.
"""

import pytest


@pytest.fixture(scope="module")
def extract_text(rules_text):
    return rules_text


def only(article, kind=None):
    quotes = [q for q in article.quotes if kind is None or q.kind == kind]
    return quotes


def texts(article, quote):
    return [s.of(article.text) for s in quote.content]


def test_split_quote_is_one_quote_with_two_spans(extract_text):
    """'“…,” he noted, “…”' is one direct quote with two content spans and one cue."""
    a = extract_text(
        "Talks Stall\n\nMinister Anna Berg spoke to reporters on Monday about the talks.\n\n"
        "“We are not ruling out dialogue,” she noted, “but it must be on equal terms.”"
    )
    (q,) = only(a, "direct")
    assert texts(a, q) == ["We are not ruling out dialogue,", "but it must be on equal terms."]
    assert q.cue_lemma == "note"
    assert q.speaker.name == "Anna Berg"


def test_continuation_keeps_the_speaker(extract_text):
    """A quote with no cue after a quoted sentence keeps the previous speaker."""
    a = extract_text("Talks Stall\n\n“The door is closed,” Peter Hall said. “Nothing will change soon.”")
    assert [q.speaker.name for q in only(a, "direct")] == ["Peter Hall", "Peter Hall"]


def test_indirect_speech_with_that_and_inverted(extract_text):
    """'X said that …' and '…, X said.' are indirect quotes with the clause as content."""
    a = extract_text(
        "Talks Stall\n\nPeter Hall said that the talks had failed completely.\n\n"
        "The ceasefire will hold for another week, the ministry said."
    )
    contents = {a.text[q.content[0].start : q.content[-1].end]: q for q in only(a, "indirect")}
    assert "the talks had failed completely" in contents
    assert "The ceasefire will hold for another week" in contents


def test_according_to(extract_text):
    """'According to X, …' attributes the clause to X."""
    a = extract_text("Talks Stall\n\nAccording to Peter Hall, the budget will be cut again next year.")
    (q,) = only(a, "indirect")
    assert q.speaker.name == "Peter Hall"
    assert q.cue_lemma == "according to"
    assert texts(a, q) == ["the budget will be cut again next year"]


def test_mixed_quote_content_is_the_quoted_words(extract_text):
    """A quoted fragment inside reported speech is a mixed quote whose content is the fragment."""
    a = extract_text("Talks Stall\n\nPeter Hall warned of “serious negative consequences” if talks fail.")
    (q,) = only(a, "mixed")
    assert texts(a, q) == ["serious negative consequences"]
    assert q.cue_lemma == "warn"


def test_scare_quotes_are_not_speech(extract_text):
    """A short quoted term after an article or possessive is not a quote."""
    a = extract_text(
        "Talks Stall\n\nThe plan turns the port into a “bridgehead” of the navy, and the "
        "minister's “peace formula” is dead."
    )
    assert a.quotes == ()


def test_pronoun_and_role_noun_resolve_to_the_named_person(extract_text):
    """'he warned' and 'the senior diplomat said' resolve to the person named before."""
    a = extract_text(
        "Talks Stall\n\nDeputy Minister Ivan Petrov said the talks had stalled for good.\n\n"
        "“There will be confrontation,” he warned.\n\n"
        "The senior diplomat said that trust had completely eroded."
    )
    assert {q.speaker.name for q in a.quotes} == {"Ivan Petrov"}


def test_medium_and_statement_date(extract_text):
    """'told RIA Novosti' is the medium; 'said on Thursday' dates the statement."""
    a = extract_text(
        "Talks Stall\n\n3 Dec, 2021\n\n“Our answer will be firm,” Ivan Petrov told RIA Novosti.\n\n"
        "Ivan Petrov said on Thursday that talks would resume."
    )
    direct = only(a, "direct")[0]
    assert direct.medium == "RIA Novosti"
    indirect = only(a, "indirect")[0]
    assert indirect.said_on == "2021-12-02"


def test_negated_cue_is_not_a_quote(extract_text):
    """'did not say whether …' reports no statement."""
    a = extract_text("Talks Stall\n\nPeter Hall did not say whether the plan would go ahead next year.")
    assert a.quotes == ()


@pytest.mark.parametrize("mark", ["“{}”", "«{}»", '"{}"', "„{}“"])
def test_every_mark_style_gives_a_direct_quote(extract_text, mark):
    """Direct quotes are found whatever the mark style."""
    a = extract_text("Talks Stall\n\n" + mark.format("We will not give up on this,") + " Peter Hall said.")
    (q,) = only(a, "direct")
    assert q.speaker.name == "Peter Hall"


def test_unbalanced_mark_loses_one_paragraph_only(extract_text):
    """A stray mark costs its paragraph, not the article."""
    a = extract_text("Talks Stall\n\nHe said “this never ends and then stopped.\n\n“We are ready,” Peter Hall said.")
    assert [q.speaker.name for q in only(a, "direct")] == ["Peter Hall"]


def test_every_span_reproduces_from_the_text(extract_text):
    """Content, cue and mention offsets index into the stored text."""
    a = extract_text("Talks Stall\n\n“We are ready,” Peter Hall said, adding that the talks would go on.")
    for q in a.quotes:
        for s in q.content:
            assert 0 <= s.start < s.end <= len(a.text)
        assert a.text[q.cue.start : q.cue.end] in ("said", "adding")
        assert a.text[q.speaker.mention.start : q.speaker.mention.end] == "Peter Hall"


def test_a_belief_in_the_reporters_words_is_a_position_not_a_quote(extract_text, rules_text):
    """Through the whole pipeline, default and rules alone: kept on the record, not as a quote."""
    text = "Talks\n\nThe diplomat believes there are no prospects for peace talks with Ukraine.\n"
    for run in (extract_text, rules_text):
        article = run(text)
        assert not article.quotes
        assert [p.text(article.text) for p in article.positions] == [
            "there are no prospects for peace talks with Ukraine"
        ]
