"""The bundled sample (data/sample) is exactly what `make sample` generates, and ingesting it reproduces
its truth file: `make report`'s numbers are known, not just plausible."""

import json
from pathlib import Path

import duckdb
import pytest

from linkedin_audit.ingest.load import run_ingest
from linkedin_audit.synth import generate

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
# Keep in step with the Makefile's `sample` target.
SAMPLE_ARGS = {"scale": "small", "era": 2026, "history": 2, "seed": 7, "zip": True}


def test_committed_sample_is_current(tmp_path):
    generate(tmp_path, **SAMPLE_ARGS)
    fresh = sorted(p.name for p in tmp_path.iterdir())
    assert fresh == sorted(p.name for p in SAMPLE.iterdir())
    stale = [name for name in fresh if (tmp_path / name).read_bytes() != (SAMPLE / name).read_bytes()]
    assert not stale, f"data/sample is out of date (run `make sample`): {stale}"


def test_sample_ingest_matches_its_truth(tmp_path):
    truth = json.loads(next(SAMPLE.glob("*.truth.json")).read_text())
    db = tmp_path / "sample.duckdb"
    run_ingest(sorted(SAMPLE.glob("*.zip")), db, progress=False)
    with duckdb.connect(str(db), read_only=True) as con:
        got = dict(con.execute("SELECT metric, value FROM audit_summary").fetchall())
    expected = truth["expected_summary"]
    assert set(got) == set(expected)
    for metric, value in expected.items():
        assert got[metric] == (None if value is None else pytest.approx(value, rel=1e-9, abs=1e-12)), metric


def test_owner_evidence_counts_the_invitation_rows(tmp_path):
    """`me.evidence` says how many invitation rows named the owner's URL (every row of the newest export)."""
    import csv
    import io
    import zipfile

    newest = SAMPLE / "Complete_LinkedInDataExport_03-14-2026.zip"
    with zipfile.ZipFile(newest) as z:
        rows = list(csv.DictReader(io.StringIO(z.read("Invitations.csv").decode())))
    db = tmp_path / "sample.duckdb"
    run_ingest(sorted(SAMPLE.glob("*.zip")), db, analyse=False, progress=False)
    with duckdb.connect(str(db), read_only=True) as con:
        evidence = con.execute("SELECT evidence FROM me").fetchone()[0]
    assert evidence.startswith(f"invitations.inviterProfileUrl ({len(rows)} rows)")
