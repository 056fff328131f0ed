"""Parsers of free text never crash and never invent offsets, whatever the input."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onrecord.clean import clean_text
from onrecord.clean.dates import find_dates
from onrecord.errors import InputError
from onrecord.ingest import decode
from onrecord.quotes.quotemarks import scan

MARKS = "“”\"'‘’«»„ ,.\n"
text_with_marks = st.text(alphabet=st.sampled_from(list(MARKS) + list("abcXYZ said")), max_size=200)


@given(text_with_marks)
def test_scan_spans_are_ordered_and_inside(text):
    """Every quotation found lies inside the text, opens before it closes, and none overlap."""
    result = scan(text)
    last = -1
    for q in sorted((q for q in result.quotes if q.double), key=lambda q: q.open):
        assert 0 <= q.open < q.close < len(text)
        assert q.open > last
        last = q.close


@given(st.text(max_size=400))
def test_clean_text_keeps_only_input_lines(text):
    """The cleaner only removes: every kept line comes from the input."""
    cleaned = clean_text(text)
    normalised = " ".join(text.split())
    for line in cleaned.body:
        assert " ".join(line.split()) in normalised


@given(st.text(max_size=100))
def test_find_dates_only_valid_dates(text):
    """Dates found are real calendar dates at their stated offsets."""
    for d in find_dates(text):
        assert 0 <= d.start < d.end <= len(text)


@given(st.binary(max_size=300))
def test_decode_never_crashes_on_bytes(data):
    """Arbitrary bytes decode to text or are refused with a reason, never an unexpected error."""
    try:
        text, _warning = decode(data, "x")
        assert isinstance(text, str)
    except ValueError as exc:
        assert str(exc)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                "“We will respond,” he said.",
                "Peter Hall said the talks failed.",
                "“Open",
                "She argued that it’s over.",
                "According to officials, the plan is off.",
                "«Non», dit-il.",
                "the States’ “fixation” grew",
                "\n\n",
                "'",
            ]
        ),
        max_size=8,
    )
)
def test_extracted_spans_index_the_stored_text(extract_text, parts):
    """On any mix of quote fragments, every reported span lies inside the article text."""
    try:
        article = extract_text("Headline\n\n" + " ".join(parts))
    except InputError:
        return  # too few words to be an article: refused with a reason, as documented
    for q in article.quotes:
        for s in q.content:
            assert 0 <= s.start < s.end <= len(article.text)
        if q.cue:
            assert 0 <= q.cue.start < q.cue.end <= len(article.text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_quote_finder_never_raises_on_arbitrary_text(extract_text, text):
    """Any text at all: quotes come back with spans inside the text, or the input is refused with a reason."""
    try:
        article = extract_text(text)
    except InputError as exc:
        assert exc.reason
        return
    for q in article.quotes:
        for s in q.content:
            assert 0 <= s.start < s.end <= len(article.text)
            assert s.of(article.text).strip()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300) | st.text(alphabet="“”\"' .,abcXYZ\n said", max_size=400))
def test_encoder_never_raises_on_arbitrary_text(encoder_text, text):
    """With the attribution encoder too: quotes and positions index the text, whatever the characters."""
    try:
        article = encoder_text(text)
    except InputError as exc:
        assert exc.reason
        return
    for q in article.attributions:
        for s in q.content:
            assert 0 <= s.start < s.end <= len(article.text)
            assert s.of(article.text).strip()


# Letters of several scripts, digits, marks that look like letters (ª µ º ² ½), ×, ÷.
scripts = st.text(alphabet=st.sampled_from(list("aZéßÆŁǅɏ×÷ªµº²½9_ жЯدحあ中 ")), max_size=80)


@given(scripts)
def test_script_checks_count_as_their_definitions(text):
    """The cleaner's script tests count letters with one regex class each; the counts are those
    of the definitions, letter by letter (Latin among regex letters; Latin among str.isalpha)."""
    import re

    from onrecord.clean.chrome import _mostly_other_script
    from onrecord.clean.text import _is_latin

    letters = re.findall(r"[^\W\d_]", text)
    latin = sum(1 for ch in letters if re.match(r"[A-Za-z\u00C0-\u024F]", ch))
    assert _mostly_other_script(text) == (len(letters) >= 4 and latin < 0.5 * len(letters))
    alpha = [ch for ch in text if ch.isalpha()]
    latin_alpha = sum(1 for ch in alpha if ch.isascii() or "\u00c0" <= ch <= "\u024f")
    assert _is_latin([text]) == (not alpha or latin_alpha >= 0.5 * len(alpha))
