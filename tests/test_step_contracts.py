"""The analysis steps' contracts (analyses/pipeline.py): the model always holds the relations they read, a
step run before the relations it reads fails with their names instead of computing something else, and the
pipeline accepts from each step exactly the metrics its module declares."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from model_fixtures import model_db, run_steps_before

from linkedin_audit.analyses import acceptance, bursts, pipeline, replies, risk, ties
from linkedin_audit.build import run_ingest
from linkedin_audit.config import load_thresholds
from linkedin_audit.db import MissingRelation, relation_exists

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
READ_FROM_THE_MODEL = (*replies.INPUTS, *acceptance.INPUTS, *ties.INPUTS, *bursts.INPUTS)


def test_model_holds_what_the_analyses_read_when_the_export_lacks_the_files(tmp_path: Path) -> None:
    """A 2020 Basic export has only Connections.csv and messages.csv: no invitations, endorsements,
    recommendations, positions or education. The model still has each of them (empty, with its columns),
    so every step runs and the summary has every metric."""
    db = tmp_path / "basic.duckdb"
    run_ingest([FIXTURES / "Basic_LinkedInDataExport_02-01-2020"], db, analyse=True, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    missing = [n for n in READ_FROM_THE_MODEL if not relation_exists(con, n)]
    assert not missing
    for name in ("invitations", "endorsements", "recommendations", "positions", "education"):
        assert con.execute(f"SELECT count(*) FROM {name}").fetchall() == [(0,)], name
    columns = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'endorsements'"
        ).fetchall()
    }
    assert {"direction", "endorsed_at", "person_id"} <= columns  # what tie_strength reads
    metrics = [r[0] for r in con.execute("SELECT metric FROM audit_summary").fetchall()]
    assert sorted(metrics) == sorted(pipeline.METRICS)


@pytest.mark.parametrize(
    ("call", "needs"),
    [
        (lambda con: replies.conversations(con), "message_templates"),
        (lambda con: acceptance.invitation_outcomes(con), "invitation_notes"),
        (lambda con: ties.tie_strength(con), "invitation_notes"),
        (lambda con: bursts.materialize(con, load_thresholds()), "conversations"),
        (lambda con: risk.risk_checklist(con), "audit_summary"),
    ],
    ids=["replies", "acceptance", "ties", "bursts", "risk"],
)
def test_a_step_before_its_inputs_fails_naming_them(
    call: Callable[[duckdb.DuckDBPyConnection], object], needs: str
) -> None:
    con = model_db()
    with pytest.raises(MissingRelation, match=f"reads {needs}, which is not built yet"):
        call(con)


def test_each_step_runs_once_its_inputs_are_built() -> None:
    con = model_db()
    run_steps_before(con, risk)
    risk.materialize(con, load_thresholds())
    assert relation_exists(con, "risk_checklist")


def test_pipeline_refuses_metrics_a_step_does_not_declare(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ties, "METRICS", ties.METRICS[:-1])
    with pytest.raises(RuntimeError, match="ties returned metrics .* but declares"):
        pipeline.materialize_all(model_db())


def test_no_two_steps_declare_the_same_metric() -> None:
    assert len(pipeline.METRICS) == len(set(pipeline.METRICS))
