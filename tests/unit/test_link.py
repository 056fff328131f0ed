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


def test_organisations_with_and_without_country_are_one():
    """'Russia's Foreign Ministry', 'the Russian Foreign Ministry', 'Foreign Ministry' and the formal
    'Ministry of Foreign Affairs of the Russian Federation' are one organisation."""
    names = [
        "Russia's Foreign Ministry",
        "Russian Foreign Ministry",
        "Foreign Ministry",
        "Ministry of Foreign Affairs of the Russian Federation",
    ]
    mapping = canonical_names([NameSeen(n, "organisation") for n in names])
    assert set(mapping.values()) == {"Russian Foreign Ministry"}


def test_bare_organisation_stays_apart_when_two_countries_have_one():
    """'the Foreign Ministry' joins no one when both Russia's and Ukraine's are known."""
    mapping = canonical_names(
        [
            NameSeen(n, "organisation")
            for n in ("Russian Foreign Ministry", "Ukraine's Foreign Ministry", "Foreign Ministry")
        ]
    )
    assert mapping["Ukraine's Foreign Ministry"] == "Ukraine's Foreign Ministry"
    assert mapping["Foreign Ministry"] == "Foreign Ministry"
    assert mapping["Russian Foreign Ministry"] != mapping["Ukraine's Foreign Ministry"]


def test_same_full_name_in_two_countries_is_two_people():
    """A 'British MP John Smith' and a 'US Senator John Smith' stay apart; a bare 'Smith' with a
    US role joins the American, and without any role stays ambiguous."""
    from onrecord.link.speakers import canonical_entities

    mapping = canonical_entities(
        [
            NameSeen("John Smith", "person", "British"),
            NameSeen("John Smith", "person", "US"),
            NameSeen("Smith", "person", "US"),
            NameSeen("Smith", "person"),
        ]
    )
    assert mapping[("John Smith", "British")] != mapping[("John Smith", "US")]
    assert mapping[("Smith", "US")] == mapping[("John Smith", "US")]
    assert mapping[("Smith", None)] == "Smith"


def test_role_country_is_the_first_named():
    """'Russia's envoy to the US' is Russian; places are spelt the Ukrainian way (Kiev -> Kyiv)."""
    from onrecord.link.speakers import country_in, place_name

    assert country_in("Russia's envoy to the US") == "Russian"
    assert country_in("US envoy to Russia") == "US"
    assert country_in("senior diplomat") is None
    assert place_name("Kiev") == "Kyiv"


def test_titles_and_suffixes_are_not_the_name():
    """'Gov Fallin' and 'Mr Farage' are surnames with a title; 'Harry B. Harris Jr.' is a Harris."""
    mapping = canonical_names(
        [
            NameSeen(n, "person")
            for n in ("Mary Fallin", "Gov Fallin", "Nigel Farage", "Mr Farage", "Harry B. Harris Jr.", "Harris")
        ]
    )
    assert mapping["Gov Fallin"] == "Mary Fallin"
    assert mapping["Mr Farage"] == "Nigel Farage"
    assert mapping["Harris"] == "Harry B. Harris Jr."


def test_a_son_is_not_his_father():
    """The suffix tells 'Donald Trump Jr.' from 'Donald Trump', so the bare surname stays ambiguous."""
    mapping = canonical_names([NameSeen(n, "person") for n in ("Donald Trump", "Donald Trump Jr.", "Trump")])
    assert mapping["Donald Trump Jr."] != mapping["Donald Trump"]
    assert mapping["Trump"] == "Trump"


def test_short_first_names_join_a_formal_name_with_a_middle_initial():
    """'Joe Biden' is 'Joseph R. Biden' (the style papers give officials); 'Bob Mason' and 'Robert
    Mason' may be a letter carrier and a professor, so they stay two."""
    mapping = canonical_names(
        [NameSeen("Joe Biden", "person")] * 3
        + [NameSeen(n, "person") for n in ("Joseph R. Biden", "Bob Mason", "Robert Mason")]
    )
    assert mapping["Joseph R. Biden"] == "Joe Biden"
    assert mapping["Bob Mason"] != mapping["Robert Mason"]


def test_initials_particles_and_mangled_spellings():
    """An initial joins the one first name it opens; 'De Blasio' has no first name 'De'; UTF-8 read
    as cp1252 ('FranÃ§ois') is the same name."""
    from onrecord.link import name_key

    mapping = canonical_names(
        [NameSeen("Barack Obama", "person")] * 2
        + [NameSeen(n, "person") for n in ("Michelle Obama", "B. Hussein Obama", "J.J. Goldberg", "Jeffrey Goldberg")]
    )
    assert mapping["B. Hussein Obama"] == "Barack Obama"
    assert mapping["J.J. Goldberg"] != mapping["Jeffrey Goldberg"]
    assert name_key("De Blasio") == ("", name_key("Bill de Blasio")[1])
    assert name_key("FranÃ§ois Hollande") == name_key("François Hollande") == name_key("Francois Hollande")
