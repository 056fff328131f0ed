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
