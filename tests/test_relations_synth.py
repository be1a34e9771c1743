"""Relationship metrics on a synthetic export against the generator's independent truth.

The generator (`linkedin-audit synth`) writes the export and, beside it, a truth JSON whose
`expected_summary` is computed from its plan, never from the CSVs or the analysis code."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from linkedin_audit.analyses import acceptance, replies, ties

OWNED = (*replies.METRICS, *acceptance.METRICS, *ties.METRICS)


@pytest.fixture(scope="module")
def synthetic(sample_con: Any, sample_truth: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The bundled sample (small, 2026, two exports, seed 7: what `make sample` writes) and its truth."""
    return sample_con, sample_truth


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def test_metrics_match_truth(synthetic):
    con, truth = synthetic
    expected = truth["expected_summary"]
    got = dict(con.execute("SELECT metric, value FROM audit_summary").fetchall())
    wrong = {
        m: (got.get(m), expected.get(m))
        for m in OWNED
        if m in expected and not _close(got.get(m), expected[m])
    }
    assert not wrong, f"analysis vs truth: {wrong}"
    assert all(m in got for m in OWNED)


def _truth_classes(truth: dict[str, Any]) -> dict[str, str]:
    """url_key (or name_key, for a connection without a URL) -> the class the generator planted."""
    from linkedin_audit.synth.keys import name_key, url_key

    return {
        (url_key(k) if "linkedin.com" in k.lower() else name_key(k)) or k: c
        for k, c in truth["tie_classes"].items()
    }


def test_tie_classes_agree_with_planted(synthetic):
    con, truth = synthetic
    planted = _truth_classes(truth)
    got = {}
    for uk, name, cls in con.execute(
        "SELECT t.url_key, p.name_key, t.tie_class FROM tie_strength t LEFT JOIN people p USING (person_id)"
    ).fetchall():
        if uk in planted:
            got[uk] = cls
        elif name in planted:
            got[name] = cls
    assert len(got) >= 0.95 * len(planted), f"only {len(got)} of {len(planted)} planted ties found"
    agree = sum(planted[k] == c for k, c in got.items())
    assert agree >= 0.95 * len(planted), f"{agree} of {len(planted)} tie classes agree"
    never_wrong = [k for k, c in got.items() if (c == "never") != (planted[k] == "never")]
    assert not never_wrong, f"`never` must be exact: {never_wrong[:5]}"


# ---- every era, every headline metric ----------------------------------------------------------------
ERAS = (2018, 2022, 2024, 2026)


@pytest.fixture(scope="module", params=ERAS, ids=[str(e) for e in ERAS])
def era_export(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, dict[str, Any]]]:
    """The small synthetic export of one era (one export, seed 7), ingested and analysed once per module.
    2018 and 2022 have no RECIPIENT PROFILE URLS: participants come from TO names there."""
    from linkedin_audit.build import run_ingest
    from linkedin_audit.ingest.database import connect
    from linkedin_audit.synth import generate

    out = tmp_path_factory.mktemp(f"era{request.param}")
    generate(out / "export", scale="small", era=request.param, history=1, seed=7, zip=True)
    truth = json.loads(sorted(out.rglob("*.truth.json"))[0].read_text())
    db = out / "audit.duckdb"
    run_ingest(sorted(out.rglob("*.zip")), db, new_db=True, analyse=True, progress=False)
    con = connect(db, read_only=True)
    yield con, truth
    con.close()


def test_every_summary_metric_matches_truth_in_every_era(era_export) -> None:
    con, truth = era_export
    expected = {k: v for k, v in truth["expected_summary"].items() if not k.startswith("_")}
    got = dict(con.execute("SELECT metric, value FROM audit_summary").fetchall())
    assert len(expected) == 41 and set(expected) <= set(got)
    wrong = {m: (got[m], expected[m]) for m in expected if not _close(got[m], expected[m])}
    assert not wrong, f"analysis vs truth: {wrong}"
    # the measures that need participants of threads nobody answered must not be vacuous
    assert all(
        expected[m] is not None
        for m in ("never_interacted_share", "weak_tie_share", "stranger_thread_share", "my_reply_rate_30d")
    )


def test_the_only_clockwork_run_is_the_planted_one_in_every_era(era_export) -> None:
    """The planted 30-minute follow-up stream is the messages stream's one clockwork run in every era. In
    2018 the generator also plants a quick sequence (notes to 24 people in 24 consecutive minutes, every gap
    exactly 60 s on that era's clock without seconds): its sends are all there, and no clockwork run of any
    stream touches them (on a minute clock a minute apart is a person typing, not a beat)."""
    con, truth = era_export
    clock = truth["clockwork"]
    runs = con.execute(
        "SELECT n, strftime(start_at, '%Y-%m-%d %H:%M:%S UTC'), strftime(end_at, '%Y-%m-%d %H:%M:%S UTC') "
        "FROM send_bursts WHERE stream = 'messages' AND kind = 'clockwork'"
    ).fetchall()
    assert runs == [(clock["count"], clock["start"], clock["end"])]
    quick = truth["quick_sequence"]
    assert (quick is not None) == (truth["era"] == 2018)
    if quick is None:
        return
    start, end = (q.removesuffix(" UTC") for q in (quick["start"], quick["end"]))
    sent = con.execute(
        "SELECT count(*) FROM sent_messages WHERE sent_at BETWEEN ?::TIMESTAMP AND ?::TIMESTAMP", [start, end]
    ).fetchone()[0]
    assert sent == quick["count"] == 24
    touching = con.execute(
        "SELECT stream, n FROM send_bursts WHERE kind = 'clockwork' "
        "AND start_at <= ?::TIMESTAMP AND end_at >= ?::TIMESTAMP",
        [end, start],
    ).fetchall()
    assert touching == []


def test_the_live_answers_left_out_are_the_truths_in_every_era(era_export) -> None:
    """The member's answers in a live exchange (analyses/live_answers.py: 1:1, after the other person's
    message in the same stretch, at most 3 conversations in the 10 minutes up to it) are as many as the
    generator's plain loops count; the planted live chat alone gives LIVE_CHAT_SENDS - 1 in every era (all
    of the member's lines but the opener follow the friend's)."""
    import re

    con, truth = era_export
    detail = con.execute(
        "SELECT detail FROM audit_summary WHERE metric = 'longest_clockwork_run'"
    ).fetchone()[0]
    found = re.search(r"\((\d+) answers? in a live exchange left out\)", detail)
    from linkedin_audit.synth.realworld import LIVE_CHAT_SENDS

    assert (int(found[1]) if found else 0) == truth["counts"]["live_answers"] >= LIVE_CHAT_SENDS - 1, detail


def test_marketing_senders_excluded_in_every_era(era_export) -> None:
    """The planted LinkedIn Premium and brand senders (no URL, no title) are excluded as `marketing`, as many
    as the truth counts (2018: also the never-answered non-connections, the file having no URL column)."""
    con, truth = era_export
    n = con.execute("SELECT count(*) FROM conversations WHERE exclusion_reason = 'marketing'").fetchone()[0]
    assert n == truth["counts"]["conversations_marketing"] >= 4


def test_linkedin_words_and_empty_sends_apart_in_every_era(era_export) -> None:
    """LinkedIn's notices, its stock sentence as a message and sends without text (planted in the member's
    threads) are told apart from the member's words, never clustered into a template, and the empty ones
    are out of templated_message_share's denominator (the truth's)."""
    con, truth = era_export
    planted = truth["counts"]["sent_text_kinds"]
    got = dict(
        con.execute(
            "SELECT text_kind, count(*) FROM message_templates WHERE text_kind <> 'member' GROUP BY ALL"
        ).fetchall()
    )
    assert got == planted and set(planted) == {"linkedin_notice", "stock_text", "empty"}
    clustered = con.execute(
        "SELECT count(*) FROM message_templates WHERE text_kind <> 'member' AND template_id IS NOT NULL"
    ).fetchone()[0]
    assert clustered == 0
    detail = con.execute(
        "SELECT detail FROM audit_summary WHERE metric = 'templated_message_share'"
    ).fetchone()
    assert f"{planted['empty']} empty (attachments only, left out)" in detail[0]
