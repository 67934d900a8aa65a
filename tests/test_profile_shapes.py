"""Every shape of shapes/profile/ has a passing and a failing fixture (tests/fixtures/shapes/);
the profile reports missing facts as warnings that signal insufficient information."""
from __future__ import annotations

import re

import pytest

from aiwork_kg.namespaces import AIW, AIWSH, SH
from aiwork_kg.validator.shapes import shapes_graph

from test_art5_shapes import FIXTURES, FOCUS, results, shapes_in

SHAPES = shapes_in("profile")


def test_the_profile_has_shapes_for_each_fact():
    assert {"AISystem-hasActivity", "AISystem-hasInput", "AISystem-infers", "AISystem-usedIn",
            "AISystem-targets", "AISystem-hasPurpose", "AISystem-Profile"} <= set(SHAPES)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_failing_fixture_makes_the_shape_warn(shape):
    path = FIXTURES / f"{shape}-fail.ttl"
    component = re.search(r"# expect-component: sh:(\w+)", path.read_text(encoding="utf-8")).group(1)
    got = results(path, SHAPES[shape])
    assert (FOCUS, AIWSH[shape], SH[component]) in got, sorted(got)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_passing_fixture_makes_the_shape_silent(shape):
    got = results(FIXTURES / f"{shape}.ttl", SHAPES[shape])
    assert not {r for r in got if r[0] == FOCUS and r[1] == AIWSH[shape]}, sorted(got)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_profile_shapes_are_warnings_that_signal_insufficient_information(shape):
    g = shapes_graph(SHAPES[shape])
    assert g.value(AIWSH[shape], SH.severity) == SH.Warning
    assert g.value(AIWSH[shape], AIW.signalsVerdict) == AIW.insufficientInformation
    for prop in (SH.name, SH.description):
        assert {o.language for o in g.objects(AIWSH[shape], prop)} >= {"en", "da", "nl"}


def test_full_ban_profile_does_not_ask_for_setting_persons_or_purposes():
    g = shapes_graph("full-ban")
    for name in ("AISystem-usedIn", "AISystem-targets", "AISystem-hasPurpose"):
        assert (AIWSH[name], None, None) not in g
