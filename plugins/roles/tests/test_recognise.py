"""The recognition API the WordPress importer uses: pure functions, no build."""

from __future__ import annotations

import pytest

from pelican.plugins.roles.recognise import (
    RolesSettingError,
    closest_role,
    headings_in_html,
    headings_in_markdown,
    resolve_role,
    role_definitions,
    roles_in_headings,
)

DEFAULTS = role_definitions({})


def test_default_roles_are_the_five_of_mutual_learning():
    assert [r.slug for r in DEFAULTS] == ["coach", "scrum-master", "consultant", "manager", "leader"]
    assert all(r.name and r.plural and r.description for r in DEFAULTS)


def test_headings_addressing_roles_give_slugs_in_order_of_first_appearance():
    headings = [
        "Introduction",
        "Mutual Learning and the Scrum Master",
        "Mutual Learning and The Coach",
        "Notes for scrum-masters",  # hyphen for space, plural: the same role again
        "Coaching",  # a word containing a role's name is not the role
        "Leaders &amp; Managers",
    ]
    assert roles_in_headings(headings, DEFAULTS) == ["scrum-master", "coach", "leader", "manager"]


def test_aliases_from_settings_are_recognised_case_insensitively():
    roles = role_definitions({"ROLES": [
        {"name": "Product Owner", "plural": "Product Owners", "aliases": ["PO"]},
        {"name": "Coach"},
    ]})
    assert [r.slug for r in roles] == ["product-owner", "coach"]
    assert roles[1].plural == "Coaches"
    assert roles_in_headings(["What a po wants", "For the coach"], roles) == ["product-owner", "coach"]


def test_headings_are_read_from_html_and_markdown():
    html = '<h2 id="a">Mutual Learning and <em>the</em>&nbsp;Leader</h2><p>x</p><H3>Notes</H3>'
    assert headings_in_html(html) == ["Mutual Learning and the Leader", "Notes"]
    markdown = "Title: X\n\n## Mutual Learning and the Manager ##\n\ntext\n\n    ## code, not a heading\n"
    assert headings_in_markdown(markdown) == ["Mutual Learning and the Manager"]
    assert roles_in_headings(headings_in_html(html) + headings_in_markdown(markdown),
                             DEFAULTS) == ["leader", "manager"]


@pytest.mark.parametrize("value, slug", [
    ("scrum-master", "scrum-master"), ("Scrum Master", "scrum-master"),
    ("ScrumMaster", "scrum-master"), ("coaches", "coach"), ("LEADER", "leader"),
    ("scrum-mastr", None),
])
def test_declared_values_resolve_to_slugs(value, slug):
    assert resolve_role(value, DEFAULTS) == slug


def test_unknown_values_get_the_closest_known_role():
    assert closest_role("scrum-mastr", DEFAULTS) == "scrum-master"
    assert closest_role("consultent", DEFAULTS) == "consultant"
    assert closest_role("astronaut", DEFAULTS) is None


@pytest.mark.parametrize("roles, message", [
    ("coach", "must be a list"),
    ([{"slug": "x"}], "at least a 'name'"),
    ([{"name": "Coach"}, {"name": "coach"}], "repeats the slug 'coach'"),
    ([{"name": "Coach", "plurals": "coaches"}], "unknown keys ['plurals']"),
])
def test_a_malformed_roles_setting_says_what_is_wrong(roles, message):
    with pytest.raises(RolesSettingError) as error:
        role_definitions({"ROLES": roles})
    assert message in str(error.value)
