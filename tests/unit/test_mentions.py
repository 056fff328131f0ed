"""Speaker mentions: what the text calls the speaker, and who that is."""

import pytest


# The rules alone find no cue inside a relative clause; the trained taggers do.
@pytest.mark.parametrize("pipeline", ["extract_text", "encoder_text"])
def test_a_relative_pronoun_speaks_for_its_noun(request, pipeline):
    """'Sanders, who said …': the mention is 'who' (as PolNeAR marks it), the speaker Bernie Sanders."""
    run = request.getfixturevalue(pipeline)
    a = run(
        "Talks Stall\n\nThe minister met Senator Bernie Sanders, who said that the deal was dead.\n\n"
        "The ministry, which said the talks were over, closed its office."
    )
    by_content = {" ".join(s.of(a.text) for s in q.content): q.speaker for q in [*a.quotes, *a.positions]}
    dead = next(sp for c, sp in by_content.items() if "the deal was dead" in c)
    assert dead.mention.of(a.text) == "who" and dead.name == "Bernie Sanders" and dead.kind == "person"
    over = next(sp for c, sp in by_content.items() if "the talks were over" in c)
    assert over.mention.of(a.text) == "which" and over.kind == "organisation"
    assert not any(sp.name in ("who", "which", "that") for sp in by_content.values())


def speaker_of(extract_text, text: str, words: str) -> str | None:
    """The speaker name of the one quote of ``text`` holding ``words``."""
    a = extract_text(text)
    [quote] = [q for q in a.quotes if words in q.text(a.text)]
    return quote.speaker.name


def test_a_name_in_apposition_to_a_role_noun_is_the_speaker(extract_text):
    """'the economist Jared Bernstein': the parse makes the name an apposition of 'economist'; the
    speaker is Jared Bernstein, not whoever the role noun would resolve to."""
    a = extract_text(
        "Jobs Report\n\n"
        '"We may finally be seeing wage growth," the economist Jared Bernstein wrote on his blog.\n\n'
        '"It becomes harder to attack Obama," Mr. Garin added.'
    )
    by_content = {q.text(a.text): q.speaker for q in a.quotes}
    growth = next(sp for c, sp in by_content.items() if "wage growth" in c)
    assert (growth.name, growth.role, growth.kind) == ("Jared Bernstein", "economist", "person")
    assert growth.mention.of(a.text) == "the economist Jared Bernstein"


@pytest.fixture(scope="module")
def nlp(extractor):
    return extractor.nlp


def test_a_role_in_apposition_speaks_for_the_person_it_describes(nlp):
    """'Deborah Tamargo, the chairwoman …' when only the apposition was taken as the speaker."""
    from onrecord.quotes.mentions import mention_of

    doc = nlp("Deborah Tamargo, the chairwoman of the county party, said the plan would fail.")
    found = mention_of(doc[4], 0)  # "chairwoman"
    assert (found.kind, found.name) == ("name", "Deborah Tamargo")
    assert found.role is not None and found.role.startswith("chairwoman")


def test_a_dateline_before_the_speaker_is_not_the_speaker(nlp):
    """The tagger's span 'LA CROSSE, Wisc. — Gov. Mike Pence on Thursday': the person is Mike Pence."""
    from onrecord.quotes.tagger import assemble

    doc = nlp("LA CROSSE, Wisc. — Gov. Mike Pence on Thursday said that the plan would fail.")
    tags = ["B-SRC"] + ["I-SRC"] * 10 + ["B-CUE", "B-CON"] + ["I-CON"] * 4 + ["O"]
    [cand] = assemble(doc, 0, tags)
    assert cand.mention is not None and cand.mention.name == "Mike Pence"


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("Prosecutors said the evidence was overwhelming.", "Prosecutors"),
        ("A reporter asked whether the evidence was overwhelming.", "reporter"),
        ("One aide said the evidence was overwhelming.", "aide"),
    ],
)
def test_groups_and_newcomers_are_not_the_last_speaker(extract_text, sentence, role):
    """A plural role is a group and an indefinite one someone new: neither is the person quoted before."""
    a = extract_text(f'Trial Opens\n\n"We will win this case," said Maya Song, the defence lawyer.\n\n{sentence}')
    later = [q for q in [*a.quotes, *a.positions] if "overwhelming" in q.text(a.text)]
    assert later, [q.text(a.text) for q in a.quotes]
    assert all(q.speaker.name is None and role.lower() in (q.speaker.role or "").lower() for q in later)


def test_a_ledes_unnamed_role_is_the_person_named_next(extract_text):
    """News ledes say 'a senior diplomat said' and name him in the next paragraph."""
    a = extract_text(
        "Moscow Warns\n\nRussia will respond to NATO's expansion, a senior diplomat said on Monday.\n\n"
        '"We are ready," Deputy Foreign Minister Sergei Ryabkov told reporters.'
    )
    lede = next(q for q in a.quotes if "respond to NATO" in q.text(a.text))
    assert lede.speaker.name == "Sergei Ryabkov"


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        (
            "The director of the European Centre, Ina Kirsch, said the plan would fail.",
            "Ina Kirsch",
            "director of the European Centre",
        ),
        (
            "A spokesman for the State Department, John Kirby, said the plan would fail.",
            "John Kirby",
            "spokesman for the State Department",
        ),
        # The name describes the aide, not the lawyer: the lawyer stays unnamed.
        ("The lawyer for Clinton's aide, Huma Abedin, said the plan would fail.", None, None),
    ],
)
def test_a_name_in_apposition_after_a_comma(nlp, sentence, name, role):
    from onrecord.quotes.mentions import mention_of

    found = mention_of(nlp(sentence)[1], 0)
    assert found.name == name
    if role is not None:
        assert found.role == role


def test_a_pronoun_skips_a_person_of_the_other_gender(extract_text):
    """'Mrs. Clinton met Mr. Trump … She said': she is Clinton, though Trump was named last."""
    text = (
        "Talks\n\nMrs. Hillary Clinton met Mr. Donald Trump in New York on Monday.\n\n"
        "She said that the talks had gone well."
    )
    assert speaker_of(extract_text, text, "gone well") == "Hillary Clinton"


def test_a_pronoun_is_not_someone_named_inside_the_quote(extract_text):
    """'"Obviously, Bernie is highlighting those issues," she said' after Mary Smith was introduced:
    she is Mary Smith, not the Bernie she talks about."""
    text = (
        "Sanders rallies in Ohio\n\nMary Smith, a voter, came early.\n\n"
        '"Obviously, Bernie is highlighting those issues very well," she said.'
    )
    assert speaker_of(extract_text, text, "highlighting") == "Mary Smith"


def test_a_pronoun_continues_the_paragraphs_subject_after_another_speaker(extract_text):
    """Brooks speaks, then a new paragraph makes Mr. Autor the subject of its first sentence: the
    'he' of its second sentence is Autor, not the last speaker; within Brooks's own paragraph 'he'
    stays Brooks. Likewise when the subject was set in the paragraph before the pronoun's."""
    text = (
        "Trade and the election\n\n"
        'Representative Mo Brooks spoke in Huntsville. "We have to act," he said.\n\n'
        "Mr. David Autor is still persuaded of the benefits of trade. But he sees why voters are "
        'angry. "They have valid reasons," he said.'
    )
    assert speaker_of(extract_text, text, "We have to act") == "Mo Brooks"
    assert speaker_of(extract_text, text, "valid reasons") == "David Autor"
    # The paragraph just before may have turned to the new subject too.
    text = (
        "Trade talks\n\n"
        'Jake Sullivan, a senior adviser, said: "Cooperation is essential."\n\n'
        "Barack Obama departs the UK for Germany today.\n\n"
        '"It is not going to happen any time soon," he warned.'
    )
    assert speaker_of(extract_text, text, "any time soon") == "Barack Obama"


def test_a_pronoun_skips_a_person_whose_first_name_is_the_other_sex(extract_text):
    """No 'Mr.' or 'Mrs.' in the text: 'she' after Hillary Clinton and Tom Smith is Clinton, from
    the first names' usual sex (US birth records)."""
    text = (
        "Clinton visits Ohio\n\nHillary Clinton spoke in Cleveland on Monday. Later, Tom Smith "
        'introduced a bill in the state senate.\n\n"We need jobs here," she said.'
    )
    assert speaker_of(extract_text, text, "jobs") == "Hillary Clinton"


def test_first_names_given_to_both_sexes_mark_no_one():
    from onrecord.quotes.mentions import first_name_gender

    assert first_name_gender("Hillary Clinton") == "f"
    assert first_name_gender("Sergey Ryabkov") == "m"
    assert first_name_gender("Chris Christie") is None  # Chris: men and women
    assert first_name_gender("Clinton") is None and first_name_gender("J. Smith") is None


def test_a_rank_is_a_role_that_goes_to_the_person_named_with_it(extract_text):
    """'the admiral' after Adm. Harry Harris and Senator John Smith were named is the admiral."""
    text = (
        "Pacific chief speaks\n\nAdm. Harry Harris spoke in Tokyo on Monday. Senator John Smith "
        'also attended the talks.\n\n"We will keep sailing there," the admiral said.'
    )
    assert speaker_of(extract_text, text, "sailing") == "Harry Harris"


def test_honorifics_are_not_roles(nlp):
    from onrecord.quotes.mentions import mention_of

    doc = nlp("Both Mrs. Clinton and Mr. Trump said it.")
    found = mention_of(doc[2], 0)  # "Clinton"
    assert (found.name, found.role, found.gender) == ("Clinton", None, "f")


def test_a_surname_with_a_particle_is_the_full_name():
    """'de Vos' after 'Pierre de Vos', 'Rodham Clinton' after 'Hillary Rodham Clinton': one person."""
    from onrecord.quotes.speakers import ArticleSpeakers, PersonMention

    speakers = ArticleSpeakers(
        [PersonMention(0, 13, "Pierre de Vos", 0, True), PersonMention(40, 62, "Hillary Rodham Clinton", 30, True)]
    )
    assert speakers.full_name("de Vos") == "Pierre de Vos"
    assert speakers.full_name("Vos") == "Pierre de Vos"
    assert speakers.full_name("Rodham Clinton") == "Hillary Rodham Clinton"
    assert speakers.full_name("Bill Clinton") == "Bill Clinton"


def test_a_surname_before_a_generational_suffix_is_the_full_name():
    """'Admiral Harris' after 'Harry B. Harris Jr.' is him (the surname is not 'Jr.')."""
    from onrecord.quotes.speakers import ArticleSpeakers, PersonMention

    speakers = ArticleSpeakers([PersonMention(0, 19, "Harry B. Harris Jr.", 0, True)])
    assert speakers.full_name("Harris") == "Harry B. Harris Jr."
    assert speakers.full_name("Jr.") == "Jr."


def test_a_role_goes_to_the_person_named_with_that_office(extract_text):
    """'the governor' after Sen. Rubio spoke is Gov. Christie, named earlier with that title."""
    a = extract_text(
        "Debate\n\nGov. Chris Christie attacked his rivals on Saturday.\n\n"
        '"I am ready," said Sen. Marco Rubio.\n\n'
        "The governor said that the senator was not ready."
    )
    [reply] = [q for q in a.quotes if "not ready" in q.text(a.text)]
    assert reply.speaker.name == "Chris Christie" and reply.speaker.role == "governor"


def test_pronouns_and_determiners_are_never_a_speakers_name(extract_text):
    """'It added …' after a company spoke is that company; 'Others said …' is no one named 'Others'."""
    a = extract_text(
        "Platform Acts\n\nThe company Acme Corp. said on Monday that it had removed the accounts.\n\n"
        "It added that it was working with researchers.\n\n"
        "Others said that the effort came too late."
    )
    by_content = {q.text(a.text): q.speaker for q in [*a.quotes, *a.positions]}
    assert all(sp.name not in ("It", "it", "Others", "others") for sp in by_content.values()), by_content


def test_a_platform_the_entity_tagger_calls_a_person_is_an_organisation(extract_text):
    """'Twitter said it …' is the company speaking, and no later 'she' can be Twitter."""
    a = extract_text(
        "Extremism Online\n\nIn a blog post on Friday, Twitter said that violent threats were against its rules.\n\n"
        "The company added that it had suspended 125,000 accounts."
    )
    [threats] = [q for q in a.quotes if "violent threats" in q.text(a.text)]
    assert (threats.speaker.name, threats.speaker.kind) == ("Twitter", "organisation")


def test_someones_spokesman_or_aide_is_not_the_last_speaker(extract_text):
    """'the prime minister's spokesman', 'His chief aide' speak for someone: not whoever spoke last."""
    a = extract_text(
        "Trade Row\n\nDonald Trump said on Monday that the deal was a disaster.\n\n"
        "The prime minister's spokesman said that the deal would stand.\n\n"
        "The spokesman added that talks would go on."
    )
    by_content = {q.text(a.text): q.speaker for q in a.quotes}
    assert [sp.name for text, sp in by_content.items() if "stand" in text or "talks" in text] == [None, None]


def test_a_spokesman_is_the_person_the_article_named_as_one(extract_text):
    text = (
        "Committee Row\n\nGowdy spokesman Jamal Ware said that the committee had done nothing wrong.\n\n"
        "The spokesman also said that the committee employs veterans."
    )
    assert speaker_of(extract_text, text, "veterans") == "Jamal Ware"


def test_a_role_is_the_subject_named_just_before_in_its_paragraph(extract_text):
    """'Christie accused Cruz … "…," the New Jersey governor said': Christie, not the last speaker."""
    text = (
        'Debate\n\n"He is lost," said Lindsey Graham, his colleague.\n\n'
        'Chris Christie accused Cruz of playing politics. "He went for the easy vote," the New Jersey '
        "governor said."
    )
    assert speaker_of(extract_text, text, "easy vote") == "Chris Christie"


def test_a_headline_role_without_an_article_is_someone_unnamed(extract_text):
    """'…, analyst says' names no one: not the person the headline is about."""
    a = extract_text(
        "Obama's popularity will decide the race, analyst says\n\n"
        "Barack Obama said on Monday that he would campaign in Ohio."
    )
    [race] = [q for q in a.quotes if "decide the race" in q.text(a.text)]
    assert race.speaker.name != "Barack Obama"


def test_the_campaign_is_the_campaign_the_article_named(extract_text):
    """'the campaign' and 'the administration' point back to the ones named with a name before."""
    text = (
        "Sanders campaign\n\nThe Sanders campaign is filing its report on Saturday. The campaign says "
        "the average donation was $27.\n\nThe Obama administration traded three Cuban spies. But the "
        "administration insisted that was not part of the deal."
    )
    assert speaker_of(extract_text, text, "average donation") == "Sanders campaign"
    assert speaker_of(extract_text, text, "part of the deal") == "Obama administration"


def test_the_company_is_the_organisation_the_text_made_its_subject(extract_text):
    """'the company', 'the network' after an organisation was the subject of a main clause in this
    paragraph or the one before; not one mentioned in passing, and no one when none is that near."""
    text = (
        "Verizon and the strike\n\nVerizon suspended 235,000 accounts on Thursday, and Apple was not "
        "involved. The company said its moves had produced results.\n\n"
        "Analysts met in Boston on Friday.\n\nThey spoke for an hour. The company said the figures were wrong."
    )
    assert speaker_of(extract_text, text, "produced results") == "Verizon"
    assert speaker_of(extract_text, text, "figures were wrong") == "company"


def test_named_organisations_keep_names_not_titles_or_adjectives(nlp):
    from onrecord.quotes.mentions import named_organisations

    doc = nlp(
        "Mrs. Clinton's campaign said it was fine. The presidential campaign went on. "
        "The Justice Department declined, and the Supreme Court agreed."
    )
    assert [(noun, name) for _, noun, name in named_organisations(doc, 0)] == [
        ("campaign", "Clinton campaign"),
        ("department", "Justice Department"),
        ("court", "Supreme Court"),
    ]


def test_a_role_continues_the_subject_the_text_turned_to(extract_text):
    """After John Smith spoke, a paragraph makes Sen. Bernie Sanders its subject: 'the Vermont
    senator' in the next paragraph is Sanders, not the last speaker."""
    text = (
        "Sanders on China\n\n"
        '"We will see," John Smith said on Tuesday.\n\n'
        "Sen. Bernie Sanders on Wednesday called on the U.S. to press China.\n\n"
        '"China is equally concerned," the Vermont senator told ABC.'
    )
    assert speaker_of(extract_text, text, "equally concerned") == "Bernie Sanders"


def test_a_surname_opening_a_sentence_is_the_full_name(extract_text):
    """'De Blasio' capitalised at the start of a sentence is the 'Bill de Blasio' named before."""
    text = (
        "Surveillance\n\nTrump called upon Mayor Bill de Blasio to restart the program. De Blasio said "
        "that the program had been disbanded for good reasons."
    )
    assert speaker_of(extract_text, text, "disbanded") == "Bill de Blasio"


def test_a_name_the_entity_tagger_missed_is_still_a_person(extract_text, nlp):
    """spaCy's small model tags 'Ivanka' as a product and leaves 'Trump' untagged here; a run of
    proper nouns opening with a first name is a person all the same, so 'she' finds her, not the
    Jessica Simpson named after the quote."""
    from onrecord.quotes.mentions import person_names

    text = (
        "Working moms\n\nOn the last day of the convention in July, Ivanka Trump strode across the stage. "
        'Then she shattered party norms.\n\n"Policies should not be novelties," she said.\n\n'
        "Later, Jessica Simpson said it was lovely."
    )
    assert speaker_of(extract_text, text, "novelties") == "Ivanka Trump"
    # Not a name: part of a hyphenated one, a plural, lower case, a title before a surname alone.
    for sentence in (
        "He still signed the Dodd-Frank Act.",
        "When boots are ruled out, Special Operations fill the gap.",
        "As the tabloid noted in an op-ed Thursday, he is popular.",
        "She watched Mister Rogers on television.",
    ):
        doc = nlp(sentence)
        tagged = {e.text for e in doc.ents}
        assert not [n.text for s in doc.sents for n in person_names(s) if n.text not in tagged], sentence


def test_a_heading_does_not_lend_its_junk_names_to_surnames(extract_text):
    """'Top Clinton adviser …' in the headline: the tagger's 'Top Clinton' is no one, and a bare
    'Clinton' later is the Hillary Clinton of the running text; a name of five words neither."""
    text = (
        "Top Clinton Adviser Sent Secret Messages\n\n"
        "Hillary Clinton Slams Donald Trump Over Remarks\n\n"
        "Hillary Clinton spoke in Iowa. Donald Trump spoke in Ohio.\n\n"
        '"Just email it," Clinton wrote.\n\n'
        '"There has to be some form of punishment," Trump said.'
    )
    assert speaker_of(extract_text, text, "email it") == "Hillary Clinton"
    assert speaker_of(extract_text, text, "punishment") == "Donald Trump"


def test_the_poll_is_the_poll_the_article_named(extract_text):
    """'the poll' is the one named with its pollster before ('a new Rasmussen Reports poll'), and
    never an organisation merely named as a subject: with no poll named, it stays unnamed."""

    def speaker(text: str, words: str) -> str | None:
        a = extract_text(text)
        [found] = [q for q in a.attributions if words in q.text(a.text)]
        return found.speaker.name

    named = (
        "Poll news\n\nA new Rasmussen Reports poll was released on Monday. The poll found that 40 percent back Trump."
    )
    assert speaker(named, "40 percent") == "Rasmussen Reports poll"
    unnamed = "Poll news\n\nGallup changed its method on Tuesday. The poll found that turnout would fall."
    assert speaker(unnamed, "turnout") != "Gallup"
