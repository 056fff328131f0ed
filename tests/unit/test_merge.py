"""Merging the rules' quote candidates with the attribution model's (quotes/merge.py)."""

from __future__ import annotations

import pickle

import pytest

from onrecord.quotes.candidates import Candidate
from onrecord.quotes.mentions import Mention

OFF = 1000  # paragraphs sit anywhere in an article: candidates hold article offsets


@pytest.fixture(scope="module")
def nlp(extractor):
    return extractor.nlp


def span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return OFF + start, OFF + start + len(part)


def cand(text: str, kind: str, content: str | list[str], cue: str | None = None, source: str | None = None, **kw):
    parts = [content] if isinstance(content, str) else content
    mention = None
    if source is not None:
        s, e = span(text, source)
        mention = Mention(s, e, source, "name", name=source)
    return Candidate(
        kind=kind,
        content=[span(text, p) for p in parts],
        cue=span(text, cue) if cue else None,
        cue_lemma=cue.split()[-1] if cue else None,
        mention=mention,
        **kw,
    )


def texts(text: str, cands: list[Candidate]) -> list[tuple[str, str, str]]:
    return [(c.kind, " | ".join(text[s - OFF : e - OFF] for s, e in c.content), c.stage) for c in cands]


def test_overlap_keeps_the_models_span_cue_and_source(nlp):
    """One quote seen by both: the model's reading (its span has the "that") replaces the rules'."""
    from onrecord.quotes.merge import merge_candidates

    text = "The mayor said that taxes would rise next year."
    doc = nlp(text)
    rules = [cand(text, "indirect", "taxes would rise next year", "said", "The mayor")]
    model = [cand(text, "indirect", "that taxes would rise next year", "said", "The mayor", stage="crf")]
    assert texts(text, merge_candidates(rules, model, doc, OFF)) == [
        ("indirect", "that taxes would rise next year", "crf")
    ]


def test_rules_direct_quote_beats_a_models_mixed_reading(nlp):
    """Quotation marks are the rules' strength: their direct quote stands, the model's mixed one goes."""
    from onrecord.quotes.merge import merge_candidates

    text = "“Our answer will be firm,” he told reporters, if the talks fail."
    doc = nlp(text)
    rules = [cand(text, "direct", "Our answer will be firm,", "told", "he")]
    model = [cand(text, "mixed", ["Our answer will be firm", "if the talks fail"], "told", "he", stage="crf")]
    assert texts(text, merge_candidates(rules, model, doc, OFF)) == [("direct", "Our answer will be firm,", "rules")]


def test_models_direct_quote_over_the_rules_direct_quote(nlp):
    """Both direct: the model's span convention (two quotations joined) is kept."""
    from onrecord.quotes.merge import merge_candidates

    text = "“We are ready,” she said. “We will wait.”"
    doc = nlp(text)
    rules = [cand(text, "direct", "We are ready,", "said", "she"), cand(text, "direct", "We will wait.")]
    model = [cand(text, "direct", ["We are ready,", "We will wait."], "said", "she", stage="crf")]
    assert texts(text, merge_candidates(rules, model, doc, OFF)) == [("direct", "We are ready, | We will wait.", "crf")]


def test_new_clause_from_the_model_is_kept(nlp):
    """Reported speech only the model found is kept when it is a clause with a cue and a source."""
    from onrecord.quotes.merge import merge_candidates

    text = "Officials insisted, speaking privately, that the plan had failed."
    doc = nlp(text)
    model = [cand(text, "indirect", "that the plan had failed", "insisted", "Officials", stage="crf")]
    assert texts(text, merge_candidates([], model, doc, OFF)) == [("indirect", "that the plan had failed", "crf")]


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        ("Putin did not say whether he planned to attack.", "whether he planned to attack", "did not say"),
        ("The bloc refused to promise that it would help.", "that it would help", "refused to promise"),
        ("Reporters asked if a war was possible.", "if a war was possible", "asked"),
    ],
)
def test_new_candidate_under_a_denied_cue_or_a_question_is_a_position(nlp, text, content, cue):
    """Nothing was stated (a negated or refused cue, a question): kept as a position, not a quote."""
    from onrecord.quotes.merge import CandidateMerge, merge_candidates

    source = text.split()[0]
    model = [cand(text, "indirect", content, cue, source, stage="crf")]
    [out] = merge_candidates([], model, nlp(text), OFF)
    assert out.statement is False and out.content == model[0].content
    assert CandidateMerge(positions=False)([], model, nlp(text), OFF) == []


@pytest.mark.parametrize(
    ("text", "content", "cue", "statement"),
    [
        ("The senator criticized the new tariffs on Monday.", "the new tariffs", "criticized", False),
        ("The official also reiterated his previous assessment.", "his previous assessment", "reiterated", False),
        (
            "Russia received the West's response to its proposals that were outlined in 2021.",
            "its proposals that were outlined in 2021",
            "response to",
            False,
        ),
        ("Officials insisted that the plan had failed.", "that the plan had failed", "insisted", True),
        ("The mayor said taxes would rise.", "taxes would rise", "said", True),
    ],
)
def test_new_indirect_content_is_a_statement_only_when_it_is_a_clause(nlp, text, content, cue, statement):
    """A clause under a cue is a statement; a noun phrase (even with a relative clause) is a stance."""
    from onrecord.quotes.merge import merge_candidates

    source = " ".join(text.split()[:2])
    model = [cand(text, "indirect", content, cue, source, stage="crf")]
    [out] = merge_candidates([], model, nlp(text), OFF)
    assert out.statement is statement


def test_content_without_substance_is_dropped(nlp):
    """A lone pronoun is no attribution at all, neither quote nor position."""
    from onrecord.quotes.merge import merge_candidates

    text = "The ministry published its response."
    model = [cand(text, "indirect", "its", "published", "The ministry", stage="crf")]
    assert merge_candidates([], model, nlp(text), OFF) == []


def test_relative_clause_tail_is_cut_to_the_rules_end(nlp):
    """The model's content = the rules' + a relative clause on a noun in it: the gloss goes."""
    from onrecord.quotes.merge import merge_candidates

    text = "Lavrov said that the US ignored the principle of security which says that no country is safe alone."
    doc = nlp(text)
    rules = [cand(text, "indirect", "the US ignored the principle of security", "said", "Lavrov")]
    long = "that the US ignored the principle of security which says that no country is safe alone"
    model = [cand(text, "indirect", long, "said", "Lavrov", stage="crf")]
    [out] = merge_candidates(rules, model, doc, OFF)
    assert texts(text, [out]) == [("indirect", "that the US ignored the principle of security", "crf")]
    assert out.cue == model[0].cue and out.mention == model[0].mention


def test_a_longer_span_without_a_relative_clause_stays(nlp):
    """Only a relative-clause gloss is cut: a longer complement is the model's to keep."""
    from onrecord.quotes.merge import merge_candidates

    text = "Lavrov said that the US ignored the principle, and that talks were over."
    doc = nlp(text)
    rules = [cand(text, "indirect", "the US ignored the principle", "said", "Lavrov")]
    long = "that the US ignored the principle, and that talks were over"
    model = [cand(text, "indirect", long, "said", "Lavrov", stage="crf")]
    assert texts(text, merge_candidates(rules, model, doc, OFF)) == [("indirect", long, "crf")]


def test_rule_candidates_the_model_missed_come_back_but_not_lone_fragments(nlp):
    """A direct or indirect rule candidate nobody overlaps is kept; a lone mixed fragment is not."""
    from onrecord.quotes.merge import merge_candidates

    text = "Moscow-NATO ties unlikely to normalize. He called it a “bridgehead” of war."
    doc = nlp(text)
    rules = [
        cand(text, "indirect", "Moscow-NATO ties unlikely to normalize", stage="rules:headline"),
        cand(text, "mixed", "bridgehead", "called", "He"),
    ]
    assert texts(text, merge_candidates(rules, [], doc, OFF)) == [
        ("indirect", "Moscow-NATO ties unlikely to normalize", "rules:headline")
    ]


def test_continuations_and_order(nlp):
    """A model continuation (no cue) is kept, and the output is in text order."""
    from onrecord.quotes.merge import merge_candidates

    text = "The mayor said that taxes would rise. “It is unavoidable.”"
    doc = nlp(text)
    model = [
        cand(text, "direct", "It is unavoidable.", continuation=True, stage="crf"),
        cand(text, "indirect", "that taxes would rise", "said", "The mayor", stage="crf"),
    ]
    out = merge_candidates([], model, doc, OFF)
    assert [c.start for c in out] == sorted(c.start for c in out) and len(out) == 2


def test_extractor_merge_is_switchable_and_pickles():
    """The stage merges by default, takes any merge, and workers get the same one."""
    from onrecord.quotes import QuoteExtractor
    from onrecord.quotes.merge import MERGES, merge_candidates, replace_with_model

    assert QuoteExtractor(attribution="rules").merge is merge_candidates
    extractor = QuoteExtractor(attribution="rules", merge=replace_with_model)
    assert pickle.loads(pickle.dumps(extractor)).merge is replace_with_model
    strict = pickle.loads(pickle.dumps(QuoteExtractor(attribution="rules", merge=MERGES["strict"])))
    assert strict.merge == MERGES["strict"]


def test_a_missing_source_comes_from_the_rules_then_from_the_parse(nlp):
    """The model labelled no source: the overlapping rule candidate's speaker fills it; with no rule
    candidate, the cue's grammatical subject does."""
    from onrecord.quotes.merge import merge_candidates

    text = "Taxes will rise, the finance director said."
    doc = nlp(text)
    rules = [cand(text, "indirect", "Taxes will rise", "said", "the finance director")]
    model = [cand(text, "indirect", "Taxes will rise", "said", None, stage="crf")]
    [out] = merge_candidates(rules, model, doc, OFF)
    assert out.stage == "crf" and out.mention == rules[0].mention

    [alone] = merge_candidates([], model, doc, OFF)
    assert (
        alone.mention is not None
        and text[alone.mention.start - OFF : alone.mention.end - OFF] == "the finance director"
    )


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        # A participle or a conjoined verb has no subject of its own: the clause it hangs on lends its.
        (
            "The senator spoke for an hour on Tuesday, accusing the governor of lying to voters.",
            "the governor of lying to voters",
            "accusing",
            "The senator",
        ),
        (
            "Clinton campaigned in Ohio and praised the workers for their resilience.",
            "the workers for their resilience",
            "praised",
            "Clinton",
        ),
        # A participle on a noun ("ledgers showing that …"): the noun is what shows it.
        (
            "Handwritten ledgers showing that Manafort received cash payments were found in Kyiv.",
            "that Manafort received cash payments",
            "showing",
            "Handwritten ledgers",
        ),
    ],
)
def test_a_cue_without_a_subject_takes_the_one_it_hangs_on(nlp, text, content, cue, speaker):
    from onrecord.quotes.merge import merge_candidates

    doc = nlp(text)
    model = [cand(text, "indirect", content, cue, None, stage="crf")]
    [alone] = merge_candidates([], model, doc, OFF)
    assert alone.mention is not None
    assert text[alone.mention.start - OFF : alone.mention.end - OFF] == speaker
    # The same where a rule candidate overlaps but names no speaker either.
    [merged] = merge_candidates([cand(text, "indirect", content, cue, None)], model, doc, OFF)
    assert merged.mention is not None and merged.mention.start == alone.mention.start


def test_a_when_asked_participle_does_not_lend_the_askers_subject(nlp):
    """ "When asked whether …, she said": the asked one is not the one who asks."""
    from onrecord.quotes.merge import merge_candidates

    text = "Asked whether the deal was dead, the minister shrugged."
    doc = nlp(text)
    model = [cand(text, "indirect", "whether the deal was dead", "Asked", None, stage="crf")]
    [alone] = merge_candidates([], model, doc, OFF)
    assert alone.mention is None


def test_a_paragraph_without_a_cue_continues_a_quote_only_in_quotation_marks(nlp):
    """No cue in the paragraph: quoted words continue the previous speaker's quote; unquoted words
    are the reporter's narrative, which no one said."""
    from onrecord.quotes.merge import merge_candidates

    quoted = "“We will not back down. The answer is no.”"
    narrative = "As tensions deepen, the position remains unchanged: expansion is a provocation."
    kept = [
        text
        for text, kind, words in (
            (quoted, "direct", "We will not back down. The answer is no."),
            (narrative, "indirect", "expansion is a provocation"),
        )
        for c in merge_candidates([], [cand(text, kind, words, continuation=True, stage="crf")], nlp(text), OFF)
    ]
    assert kept == [quoted]


def test_a_finite_verb_outside_the_contents_parse_does_not_make_it_a_statement(nlp):
    """ "He linked X to Y and what he described as Z": the parser makes "described" a conjunct of
    the cue, so the content (a noun phrase with prepositions) holds a finite verb that is not its
    own. A link drawn is a position, not a statement."""
    from onrecord.quotes.merge import classify

    text = (
        "He linked the deterioration not just to military decisions but also to information campaigns "
        "and what he described as the West’s refusal to acknowledge Russia’s legitimate security interests."
    )
    doc = nlp(text)
    content = text[text.index("the deterioration") : -1]
    model = cand(text, "indirect", content, "linked", "He", stage="crf")
    assert classify(model, doc, OFF) == "position"
    said = "He said the West refused to acknowledge Russia’s interests."
    assert classify(cand(said, "indirect", said[8:-1], "said", "He", stage="crf"), nlp(said), OFF) == "statement"


def test_unquoted_content_under_a_cue_of_belief_is_a_position(nlp):
    """The reporter's account of a state of mind ("the diplomat believes …") is not anyone's words:
    a position, whether only the model found it or the rules found it too."""
    from dataclasses import replace

    from onrecord.quotes.merge import CandidateMerge, merge_candidates

    text = "The diplomat believes there are no prospects for peace talks."
    doc = nlp(text)
    content = "there are no prospects for peace talks"
    model = [replace(cand(text, "indirect", content, "believes", "The diplomat", stage="crf"), cue_lemma="believe")]
    [alone] = merge_candidates([], model, doc, OFF)
    assert alone.statement is False and alone.stage == "crf"
    rules = [replace(cand(text, "indirect", content, "believes", "The diplomat"), cue_lemma="believe", statement=False)]
    [both] = merge_candidates(rules, model, doc, OFF)
    assert both.statement is False and both.stage == "crf"
    assert CandidateMerge(positions=False)(rules, model, doc, OFF) == []
    said = [replace(model[0], cue_lemma="say")]
    assert [c.statement for c in merge_candidates([], said, doc, OFF)] == [True]


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("The minister fears that the talks will fail.", False),
        ("The minister thinks the talks will fail.", False),
        ("The minister said that the talks will fail.", True),
        ('The minister believes the West "repeats like a mantra" that talks are useless.', True),
    ],
)
def test_the_rules_mark_beliefs_as_positions_but_not_quoted_words(nlp, text, statement):
    """The rules' own candidates follow the same line: unquoted content under a cue of belief is
    a position; quoted words under one are still the speaker's."""
    from onrecord.quotes.candidates import paragraph_candidates

    cands, _ = paragraph_candidates(nlp(text), 0)
    assert cands and all(c.statement is statement for c in cands)
