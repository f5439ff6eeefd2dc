"""The recommendations import parser on the group's real layouts and on bad input."""

import json
import time
from pathlib import Path

import pytest

from documents.demo_texts import ROUNDTABLE_2007, SUBMISSION_2025
from documents.recommendation_import import (
    DEFAULT_ADDRESSEES,
    parse_recommendations,
    stable_key,
)

TEXTS = Path(__file__).parent / "recommendation_texts"

SC = "UN Security Council"
DPO = "UN Secretariat and Department of Peace Operations"
MISSIONS = "UN missions on the ground"
GA = "UN General Assembly and member states"
CANADA = "Government of Canada"
REGIONAL = "Regional organizations"
NGOS = "NGOs and civil society"


def parse(text, **kwargs):
    kwargs.setdefault("addressees", DEFAULT_ADDRESSEES)
    return parse_recommendations(text, **kwargs)


def text_of(name):
    return (TEXTS / name).read_text(encoding="utf-8")


def rows(result):
    """(number, parent, addressees) of every item, the structure the tests pin down."""
    return [(item.number, item.parent, item.addressees) for item in result.items]


def by_number(result, number, heading_part=""):
    matches = [
        item
        for item in result.items
        if item.number == number and heading_part in (item.heading or "")
    ]
    assert len(matches) == 1, (number, heading_part, matches)
    return matches[0]


# Headings and addressees --------------------------------------------------------------


def test_capital_heading_with_acronym_names_the_security_council():
    result = parse("RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):\n1. Fund mandates.\n")
    assert result.as_dicts() == [
        {
            "number": "1",
            "parent": None,
            "text": "Fund mandates.",
            "heading": "RECOMMENDATIONS TO THE UN SECURITY COUNCIL (SC):",
            "addressees": [SC],
        }
    ]
    assert result.unrecognized_headings == []


def test_a_heading_may_name_two_addressees():
    result = parse(
        "RECOMMENDATIONS TO THE CANADIAN GOVERNMENT AND GOVERNMENTS AT THE UNITED NATIONS:\n"
        "1. Pay on time.\n"
    )
    assert result.items[0].addressees == [CANADA, GA]


def test_matching_ignores_case_and_accents():
    custom = [("Conseil de sécurité", ["Conseil"]), ("Gouvernement", ["gouvernement du Canada"])]
    result = parse(
        "Recommandations au CONSEIL DE SECURITE :\n1. Un.\n"
        "RECOMMANDATIONS AU GOUVERNEMENT DU CANADA :\n1. Deux.\n",
        addressees=custom,
    )
    assert rows(result) == [
        ("1", None, ["Conseil de sécurité"]),
        ("1", None, ["Gouvernement"]),
    ]


def test_french_au_in_capitals_is_not_the_african_union():
    result = parse(text_of("mixed_headings.txt"), default_addressee="NGOs")
    assert rows(result) == [
        ("1", None, [SC]),
        ("1", None, [REGIONAL, DPO]),
        ("1", None, [NGOS]),  # ON FINANCING: names none, so the default addressee
        ("1", None, [SC]),
        ("1", None, [CANADA, REGIONAL]),
    ]
    assert result.unrecognized_headings == ["ON FINANCING:"]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("RECOMMENDATIONS TO THE SECURITY COUNCIL ON NEW MISSIONS:", [SC]),
        ("Recommendations to NGOs in Canada:", [NGOS]),
        ("Recommendations to the Security Council on AU-led operations:", [SC]),
        ("Recommendations on financing to member states:", [GA]),
        ("RECOMMENDATIONS TO MISSIONS ON THE GROUND:", [MISSIONS]),
        ("Recommandations aux missions sur le terrain et au Conseil de sécurité :", [MISSIONS, SC]),
    ],
)
def test_the_topic_after_on_or_in_names_no_addressee(heading, expected):
    assert parse(f"{heading}\n1. Act.\n").items[0].addressees == expected


def test_acronym_alone_in_a_capital_heading_still_counts():
    result = parse("RECOMMENDATIONS TO DPKO:\n1. Train police.\n")
    assert result.items[0].addressees == [DPO]


def test_unrecognized_heading_is_kept_and_reported_with_default_or_no_addressee():
    text = "THE WAY FORWARD:\n1. Keep going.\n"
    with_default = parse(text, default_addressee="Government of Canada")
    assert with_default.as_dicts()[0]["heading"] == "THE WAY FORWARD:"
    assert with_default.items[0].addressees == [CANADA]
    assert with_default.unrecognized_headings == ["THE WAY FORWARD:"]
    without = parse(text)
    assert without.items[0].addressees == []
    assert without.unrecognized_headings == ["THE WAY FORWARD:"]


def test_addressees_may_be_a_mapping_of_names_to_aliases():
    result = parse("RECOMMENDATIONS TO THE AU:\n1. Plan.\n", addressees={"AU Commission": ["AU"]})
    assert result.items[0].addressees == ["AU Commission"]


def test_unrecognized_heading_mapped_by_hand_in_the_preview():
    text = "THE WAY FORWARD:\n1. Keep going.\nRECOMMENDATIONS TO THE SC:\n1. Fund.\n"
    result = parse(
        text,
        default_addressee=NGOS,
        heading_addressees={"THE WAY FORWARD:": ["GAC", "member states"]},
    )
    assert rows(result) == [("1", None, [CANADA, GA]), ("1", None, [SC])]
    assert result.unrecognized_headings == []
    assert [h.mapped for h in result.headings] == [True, False]


def test_default_addressee_may_be_given_by_alias():
    result = parse("Some heading of ours:\n1. Do it.\n", default_addressee="GAC")
    assert result.items[0].addressees == [CANADA]


def test_sub_heading_inherits_the_addressee_of_its_markdown_parent():
    result = parse("# Recommendations to the Government of Canada\n\n## On police\n\n1. Train.\n")
    item = result.items[0]
    assert (item.heading, item.addressees) == ("On police", [CANADA])
    assert result.unrecognized_headings == []


def test_prose_before_the_first_heading_is_not_an_item():
    result = parse(
        "This report closes with recommendations.\n1. Not a recommendation.\n\n"
        "RECOMMENDATIONS TO MISSIONS ON THE GROUND:\n1. Report publicly.\n"
    )
    assert [item.text for item in result.items] == ["Report publicly."]
    assert (1, "This report closes with recommendations.") in result.skipped


def test_running_page_header_in_capitals_does_not_break_the_list():
    result = parse(
        "RECOMMENDATIONS TO THE SC:\n1. One.\n\n12\n\nPEACE OPERATIONS WORKING GROUP\n2. Two.\n"
    )
    assert rows(result) == [("1", None, [SC]), ("2", None, [SC])]
    assert len(result.headings) == 1


def test_numbered_item_in_capitals_stays_an_item():
    result = parse("RECOMMENDATIONS TO THE SC:\n1. PAY ON TIME:\n - a. in full.\n")
    assert rows(result) == [("1", None, [SC]), ("1.a", "1", [SC])]


# Numbering ----------------------------------------------------------------------------


def test_lettered_sub_points_under_a_lead_in_are_their_own_recommendations():
    result = parse(
        "RECOMMENDATIONS TO THE SC:\n"
        "2. Strengthen training:\n"
        " - a. common standards;\n"
        " - b. scenario exercises.\n"
        "3. Report.\n"
    )
    assert [(i.number, i.parent, i.text) for i in result.items] == [
        ("2", None, "Strengthen training:"),
        ("2.a", "2", "common standards;"),
        ("2.b", "2", "scenario exercises."),
        ("3", None, "Report."),
    ]
    assert result.items[0].lead_in and not result.items[3].lead_in


def test_numbered_list_goes_on_after_a_page_break():
    result = parse("RECOMMENDATIONS TO THE SC:\n1. One.\n2. Two.\n\n\n\n3. Three.\n4. Four.\n")
    assert [i.number for i in result.items] == ["1", "2", "3", "4"]
    assert {i.heading for i in result.items} == {"RECOMMENDATIONS TO THE SC:"}


def test_consultation_answers_with_letters_and_roman_sub_points():
    result = parse(
        "ANSWERS:\n"
        "- 2. How can operations adapt?\n"
        "- a. Modular designs.\n"
        "- b. Standing capacities:\n"
        " - i. a roster;\n"
        " - ii. arrangements.\n"
        "- c. Better data.\n"
    )
    assert [(i.number, i.parent) for i in result.items] == [
        ("2", None),
        ("2.a", "2"),
        ("2.b", "2"),
        ("2.b.i", "2.b"),
        ("2.b.ii", "2.b"),
        ("2.c", "2"),
    ]
    assert result.items[0].text == "How can operations adapt?"


def test_letter_i_after_h_is_the_ninth_point():
    letters = "abcdefghij"
    text = "ANSWERS:\n- 1. Question?\n" + "".join(f"- {c}. Point {c}.\n" for c in letters)
    result = parse(text)
    assert [i.number for i in result.items] == ["1"] + [f"1.{c}" for c in letters]
    assert all(i.parent == "1" for i in result.items[1:])


def test_indented_i_after_a_lead_in_h_is_roman():
    result = parse(
        "ANSWERS:\n" + "".join(f"- {c}. P.\n" for c in "abcdefg") + "- h. Lead:\n - i. x.\n"
    )
    assert (result.items[-1].number, result.items[-1].parent) == ("h.i", "h")


def test_v_and_x_are_letters_or_romans_by_context():
    letters = "abcdefghijklmnopqrstuvwxyz"
    text = "POINTS:\n" + "".join(f"- {c}. P.\n" for c in letters)
    result = parse(text)
    assert [i.number for i in result.items] == list(letters)
    romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi"]
    text = "POINTS:\n- a. Lead:\n" + "".join(f"- {r}. S.\n" for r in romans) + "- b. Next.\n"
    result = parse(text)
    assert [i.number for i in result.items] == ["a", *[f"a.{r}" for r in romans], "b"]


def test_sub_points_with_no_numbered_parent():
    result = parse("# Question 1\n\na. First.\nb. Second:\n   i. one;\n   ii. two.\n")
    assert [(i.number, i.parent) for i in result.items] == [
        ("a", None),
        ("b", None),
        ("b.i", "b"),
        ("b.ii", "b"),
    ]


def test_recommendation_n_and_parenthesized_markers():
    result = parse(
        "RECOMMENDATIONS TO THE SC:\n"
        "Recommendation 1: Fund the roster of the Government of Canada.\n"
        "Recommendation 2:\n"
        "Pay on time.\n"
        "(3) Consult early:\n"
        "(a) troop contributors.\n"
    )
    assert [(i.number, i.parent, i.text) for i in result.items] == [
        ("1", None, "Fund the roster of the Government of Canada."),
        ("2", None, "Pay on time."),
        ("3", None, "Consult early:"),
        ("3.a", "3", "troop contributors."),
    ]
    assert len(result.headings) == 1


def test_decimal_numbers_sit_under_their_parent_and_figures_stay_text():
    result = parse(
        "RECOMMENDATIONS TO THE SC:\n"
        "1. Fund the rule of law:\n"
        "1.1 Police.\n"
        "1.2. Judges.\n"
        "2. Increase the budget, from\n"
        "3.5 million to five.\n"
    )
    assert [(i.number, i.parent, i.text) for i in result.items] == [
        ("1", None, "Fund the rule of law:"),
        ("1.1", "1", "Police."),
        ("1.2", "1", "Judges."),
        ("2", None, "Increase the budget, from 3.5 million to five."),
    ]


def test_unnumbered_bullet_under_a_heading_is_kept_with_no_number():
    result = parse("RECOMMENDATIONS TO THE SC:\n- Renew the mandate.\n")
    assert result.as_dicts() == [
        {
            "number": "",
            "parent": None,
            "text": "Renew the mandate.",
            "heading": "RECOMMENDATIONS TO THE SC:",
            "addressees": [SC],
        }
    ]


# Text cleaning ------------------------------------------------------------------------


def test_sentence_broken_by_a_page_break_is_joined_even_after_a_dash():
    result = parse(
        "RECOMMENDATIONS TO THE SC:\n"
        "1. Recruit experts ahead of need, so that\n"
        "\n"
        "- missions are not left waiting.\n"
        "2. Next.\n"
    )
    assert [i.text for i in result.items] == [
        "Recruit experts ahead of need, so that missions are not left waiting.",
        "Next.",
    ]


def test_broken_sentence_continuing_with_a_capital_is_joined():
    result = parse("RECOMMENDATIONS TO THE SC:\n1. Increase support to\n\n\nCanada's partners.\n")
    assert result.items[0].text == "Increase support to Canada's partners."


def test_prose_after_a_finished_item_and_a_blank_line_is_not_joined():
    result = parse("RECOMMENDATIONS TO THE SC:\n1. Done.\n\nThe group will follow up.\n")
    assert result.items[0].text == "Done."
    assert result.skipped == [(4, "The group will follow up.")]


def test_wrapped_lines_are_joined():
    result = parse(
        "RECOMMENDATIONS TO THE SC:\n1. Consult contributors before\na mandate is drafted.\n"
    )
    assert result.items[0].text == "Consult contributors before a mandate is drafted."


def test_lower_case_list_under_a_colon_stays_a_markdown_list():
    result = parse("RECOMMENDATIONS TO THE SC:\n1. Fund three things:\n- police;\n- judges.\n")
    assert result.items[0].text == "Fund three things:\n- police;\n- judges."


def test_inline_markup_and_footnote_marks_are_removed():
    result = parse(
        "RECOMMENDATIONS TO THE SC:\n"
        "1. Keep mandates <u>focused</u> on <b>few</b> tasks.[1]\n"
        "2. Pay on time¹ and in full^2.\n"
        "3. Plan &amp; report[^3] <sup>4</sup>.\n"
        "[1] A footnote that is not part of any item.\n"
    )
    assert [i.text for i in result.items] == [
        "Keep mandates focused on few tasks.",
        "Pay on time and in full.",
        "Plan & report.",
    ]


# Whole texts --------------------------------------------------------------------------


def test_roundtable_report_in_pdf_layout():
    result = parse(text_of("roundtable_2007.txt"))
    assert rows(result) == [
        ("1", None, [SC]),
        ("2", None, [SC]),
        ("3", None, [SC]),
        ("1", None, [DPO]),
        ("2", None, [DPO]),
        ("2.a", "2", [DPO]),
        ("2.b", "2", [DPO]),
        ("3", None, [DPO]),
        ("4", None, [DPO]),
        ("1", None, [MISSIONS]),
        ("2", None, [MISSIONS]),
        ("1", None, [CANADA, GA]),
        ("2", None, [CANADA, GA]),
        ("3", None, [CANADA, GA]),
        ("1", None, [NGOS]),
        ("2", None, [NGOS]),
    ]
    assert by_number(result, "3", "SECURITY").text == (
        "Keep mandates focused on a small number of achievable tasks."
    )
    assert by_number(result, "4", "PEACEKEEPING").text == (
        "Recruit rule-of-law experts, judges and corrections officers ahead of need, so that "
        "missions are not left waiting for them once a ceasefire holds."
    )
    assert by_number(result, "2", "CANADIAN GOVERNMENT").text == (
        "Fund the civilian roster and the peacekeeping training centres for several years "
        "at a time."
    )
    assert by_number(result, "1", "MISSIONS").text == (
        "Put the protection of civilians at the centre of mission planning."
    )
    assert result.unrecognized_headings == []
    assert not any("No remark" in item.text for item in result.items)


def test_consultation_submission_in_pdf_layout():
    result = parse(text_of("consultation_2025.txt"), default_addressee="UN Secretariat")
    expected = (
        [("1", None), ("1.a", "1"), ("1.b", "1"), ("1.b.i", "1.b"), ("1.b.ii", "1.b")]
        + [("1.c", "1"), ("2", None), ("2.a", "2"), ("2.b", "2")]
        + [("2.b.i", "2.b"), ("2.b.ii", "2.b"), ("2.b.iii", "2.b")]
        + [(f"2.{c}", "2") for c in "cdefghij"]
        + [("3", None), ("3.a", "3"), ("3.b", "3")]
    )
    assert [(i.number, i.parent) for i in result.items] == expected
    assert {tuple(i.addressees) for i in result.items} == {(DPO,)}
    assert result.unrecognized_headings == ["ANSWERS TO THE QUESTIONS OF THE REVIEW:"]
    assert by_number(result, "2.j").text == (
        "Joint analysis with humanitarian and development actors, so that the mission's exit "
        "does not leave a vacuum that armed groups can fill."
    )


def test_demo_roundtable_report_layout():
    result = parse(ROUNDTABLE_2007)
    assert [(i.number, i.parent, i.heading, i.addressees) for i in result.items] == [
        ("1", None, "To the UN Security Council", [SC]),
        ("2", None, "To the UN Security Council", [SC]),
        ("1", None, "To the UN Department of Peacekeeping Operations", [DPO]),
        ("2", None, "To the UN Department of Peacekeeping Operations", [DPO]),
        ("2.a", "2", "To the UN Department of Peacekeeping Operations", [DPO]),
        ("2.b", "2", "To the UN Department of Peacekeeping Operations", [DPO]),
        ("1", None, "To missions on the ground", [MISSIONS]),
        ("2", None, "To missions on the ground", [MISSIONS]),
        ("1", None, "To the Government of Canada and governments at the UN", [CANADA, GA]),
        ("2", None, "To the Government of Canada and governments at the UN", [CANADA, GA]),
        ("3", None, "To the Government of Canada and governments at the UN", [CANADA, GA]),
        ("1", None, "To Canadian and international NGOs", [NGOS]),
        ("2", None, "To Canadian and international NGOs", [NGOS]),
    ]
    assert result.items[4].text == "common standards for pre-deployment training;"
    assert result.unrecognized_headings == []


def test_demo_submission_layout():
    result = parse(SUBMISSION_2025, default_addressee=GA)
    assert [(i.number, i.parent) for i in result.items] == [
        ("a", None),
        ("b", None),
        ("b.i", "b"),
        ("b.ii", "b"),
        ("c", None),
        ("a", None),
        ("b", None),
        ("c", None),
        ("a", None),
        ("b", None),
    ]
    assert {tuple(i.addressees) for i in result.items} == {(GA,)}
    assert result.items[0].heading == "Question 1: What should peace operations be for?"
    assert result.unrecognized_headings == [
        "Question 1: What should peace operations be for?",
        "Question 2: How can operations adapt faster?",
        "Question 3: How should operations be financed?",
    ]
    # The observations paragraph under the last heading is prose, not a recommendation.
    assert not any("Contributors need" in item.text for item in result.items)


def test_markdown_layout_with_nested_headings_and_three_levels():
    result = parse(text_of("markdown_layout.txt"))
    assert [(i.number, i.parent, i.heading, i.addressees) for i in result.items] == [
        ("1", None, "To the UN Security Council", [SC]),
        ("2", None, "To the UN Security Council", [SC]),
        ("1", None, "To the Department of Peace Operations", [DPO]),
        ("1.a", "1", "To the Department of Peace Operations", [DPO]),
        ("1.b", "1", "To the Department of Peace Operations", [DPO]),
        ("1.b.i", "1.b", "To the Department of Peace Operations", [DPO]),
        ("1.b.ii", "1.b", "To the Department of Peace Operations", [DPO]),
        ("1.c", "1", "To the Department of Peace Operations", [DPO]),
        ("1", None, "Police and justice", [CANADA]),
        ("1", None, "Training", [CANADA]),
        ("1", None, "Other matters", []),
    ]
    # Markdown emphasis is Markdown, kept; the footnote definition is no item's text.
    assert result.items[1].text == "Hold an annual open debate on the **safety** of peacekeepers."
    assert result.unrecognized_headings == ["Other matters"]
    assert [h.text for h in result.headings if h.inherited] == ["Police and justice", "Training"]


def test_short_plain_headings_after_a_blank_line():
    result = parse(text_of("plain_headings.txt"))
    assert [(i.number, i.parent, i.heading, i.addressees) for i in result.items] == [
        ("1", None, "Security Council:", [SC]),
        ("2", None, "Security Council:", [SC]),
        ("1", None, "Government of Canada:", [CANADA]),
        ("2", None, "Government of Canada:", [CANADA]),
        ("2.a", "2", "Government of Canada:", [CANADA]),
        ("2.b", "2", "Government of Canada:", [CANADA]),
    ]
    assert [i.text for i in result.items[1:4]] == [
        "Give missions the helicopters they need, and support their political work in the capital.",
        "Offer specialized capabilities, including:\n- police trainers;\n- medical teams.",
        # A wrapped line naming an addressee and ending with a colon is not a heading.
        "Support the mission's political work with Canadian and African Union partners:",
    ]


def test_json_has_exactly_the_command_shape():
    result = parse(text_of("roundtable_2007.txt"))
    data = json.loads(result.to_json())
    assert data == result.as_dicts()
    assert all(set(row) == {"number", "parent", "text", "heading", "addressees"} for row in data)
    assert data[5] == {
        "number": "2.a",
        "parent": "2",
        "text": "shared standards for pre-deployment training of all contingents;",
        "heading": "RECOMMENDATIONS TO THE UN DEPARTMENT OF PEACEKEEPING OPERATIONS (DPKO):",
        "addressees": [DPO],
    }


def test_grouping_by_addressee_for_the_preview():
    groups = parse(text_of("roundtable_2007.txt")).by_addressee()
    assert list(groups) == [SC, DPO, MISSIONS, CANADA, GA, NGOS]
    assert len(groups[CANADA]) == len(groups[GA]) == 3


# Stable keys --------------------------------------------------------------------------


def test_stable_key_is_document_independent_and_ignores_layout_noise():
    first = parse("RECOMMENDATIONS TO THE SC:\n1. Pay  on time.\n").items[0]
    second = parse("# To the Government of Canada\n\n1. pay on <u>time</u>[2]\n").items[0]
    assert first.key == second.key == stable_key("1", "Pay on time")
    assert stable_key("2", "Pay on time") != first.key
    assert stable_key("1", "Pay late") != first.key
    keys = [item.key for item in parse(text_of("roundtable_2007.txt")).items]
    assert len(set(keys)) == len(keys)


# Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", None])
def test_empty_text_finds_no_recommendations(text):
    result = parse(text)
    assert result.empty
    assert result.items == [] and result.as_dicts() == [] and result.to_json() == "[]"


def test_text_with_no_headings_goes_to_the_default_addressee():
    result = parse(
        "1. Pay on time.\n2. Consult contributors:\n - a. early.\n", default_addressee=SC
    )
    assert [(i.number, i.parent, i.heading, i.addressees) for i in result.items] == [
        ("1", None, None, [SC]),
        ("2", None, None, [SC]),
        ("2.a", "2", None, [SC]),
    ]


def test_prose_only_finds_no_recommendations():
    result = parse("We met in Ottawa.\nIt was a good meeting.\n")
    assert result.empty
    assert [line for _n, line in result.skipped] == ["We met in Ottawa.", "It was a good meeting."]


def test_nul_and_control_bytes_never_raise():
    text = (
        "RECOMMENDATIONS TO THE SECU\x00RITY COUNCIL:\x00\n"
        "1. Pay\x00 on time.\x07\r\n\x0c2. Next.\n"
    )
    result = parse(text)
    assert [(i.number, i.text, i.addressees) for i in result.items] == [
        ("1", "Pay on time.", [SC]),
        ("2", "Next.", [SC]),
    ]
    assert parse("\x00" * 1000).empty


def test_garbage_never_raises():
    samples = [
        "<" * 5000,
        "[" * 5000 + "]" * 5000,
        "- " * 5000,
        "#" * 10000,
        "i. v. x. " * 2000,
        "\n".join("- i." for _ in range(2000)),
        "RECOMMENDATIONS TO THE SC:\n" + "\n".join(f"{n}." for n in range(2000)),
        "1. Pay \ud800 on time.",
        bytes(range(256)).decode("latin-1"),
    ]
    for sample in samples:
        result = parse(sample)
        json.loads(result.to_json().encode("utf-8"))  # printable: no lone surrogate left


@pytest.mark.parametrize(
    "text",
    [
        "# x" + " " * 200_000 + "y",
        "# " + "security council " * 50_000,
        "RECOMMENDATIONS TO THE SC:\n1. x" + " " * 200_000 + "[1]",
        "RECOMMENDATIONS TO THE SC:\n1. x " + "<a " * 100_000,
        "RECOMMENDATIONS TO THE SC:\n1. x " + "(SC " * 100_000,
        "\n".join(["RECOMMENDATIONS TO THE SECURITY COUNCIL (SC) AND THE AU:"] * 10_000),
    ],
)
def test_long_lines_do_not_make_the_patterns_backtrack(text):
    started = time.perf_counter()
    json.loads(parse(text).to_json())
    assert time.perf_counter() - started < 5


def test_very_long_input_is_parsed_in_linear_time():
    block = text_of("roundtable_2007.txt")
    text = block * 300  # about 800 KB, 4800 recommendations
    started = time.perf_counter()
    result = parse(text)
    elapsed = time.perf_counter() - started
    assert len(result.items) == 16 * 300
    assert elapsed < 10
    one_item = "RECOMMENDATIONS TO THE SC:\n1. Start\n" + "and go on\n" * 100_000
    started = time.perf_counter()
    result = parse(one_item)
    assert len(result.items) == 1 and result.items[0].text.endswith("and go on")
    assert time.perf_counter() - started < 10
