"""The bundled sample (data/sample) is exactly what `make sample` generates, and ingesting it reproduces
its truth file: `make report`'s numbers are known, not just plausible."""

from pathlib import Path

import pytest

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


def test_sample_ingest_matches_its_truth(sample_con, sample_truth):
    got = dict(sample_con.execute("SELECT metric, value FROM audit_summary").fetchall())
    expected = sample_truth["expected_summary"]
    assert set(got) == set(expected)
    for metric, value in expected.items():
        assert got[metric] == (None if value is None else pytest.approx(value, rel=1e-9, abs=1e-12)), metric


def test_owner_evidence_counts_the_invitation_rows(sample_con):
    """`me.evidence` says how many invitation rows named the owner's URL (every row of the newest export)."""
    import csv
    import io
    import zipfile

    newest = SAMPLE / "Complete_LinkedInDataExport_03-14-2026.zip"
    with zipfile.ZipFile(newest) as z:
        rows = list(csv.DictReader(io.StringIO(z.read("Invitations.csv").decode())))
    evidence = sample_con.execute("SELECT evidence FROM me").fetchone()[0]
    assert evidence.startswith(f"invitations.inviterProfileUrl ({len(rows)} rows)")
