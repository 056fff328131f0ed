"""Speaker identity across articles merges spellings but keeps homonyms apart."""

from onrecord.link import NameSeen, canonical_names, translit_key


def test_transliteration_variants_share_a_key():
    """Sergey/Sergei and Zelensky/Zelenskyy/Zelenskiy are one spelling."""
    assert translit_key("Sergey") == translit_key("Sergei")
    assert translit_key("Zelensky") == translit_key("Zelenskyy") == translit_key("Zelenskiy")


def test_variants_merge_to_the_most_frequent_spelling():
    """Two spellings of one name become the commoner one; the surname alone joins it."""
    seen = [NameSeen("Sergey Ryabkov", "person")] * 3 + [
        NameSeen("Sergei Ryabkov", "person"),
        NameSeen("Ryabkov", "person"),
    ]
    mapping = canonical_names(seen)
    assert mapping == {
        "Sergey Ryabkov": "Sergey Ryabkov",
        "Sergei Ryabkov": "Sergey Ryabkov",
        "Ryabkov": "Sergey Ryabkov",
    }


def test_homonyms_stay_apart():
    """Two people sharing a surname stay two speakers, and the bare surname stays ambiguous."""
    mapping = canonical_names(
        [NameSeen("Joe Biden", "person"), NameSeen("Hunter Biden", "person"), NameSeen("Biden", "person")]
    )
    assert mapping["Joe Biden"] != mapping["Hunter Biden"]
    assert mapping["Biden"] == "Biden"
