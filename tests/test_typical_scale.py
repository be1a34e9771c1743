"""`synth --scale typical`: the export most members have (issue 29: a typical public export holds about
3,700 connections and 2,000 messages), the benchmark's typical rows. Counted from the generator's plan."""

from __future__ import annotations

from linkedin_audit.synth import life


def test_typical_has_many_connections_and_few_messages() -> None:
    plan = life.build(1, "typical", 2026, 1)
    connections = sum(1 for p in plan.people if p.connected_on is not None)
    assert 3_600 <= connections <= 3_800
    assert 1_900 <= len(plan.m_t) <= 2_300  # the planted patterns may pass the 2,000 the scale asks for
    # far fewer ties than small's proportions would give (6 messages a connection, 22,000 in all)
    strong = sum(1 for p in plan.people if p.tie_class == "strong")
    assert 30 <= strong <= 60
