"""`network_changes` and `audit_history` pinned by the generator's planted history (removed connections,
job changes, new connections) and by a hand-written two-export pair in the real format."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from report_fixtures import two_export_history

from linkedin_audit.build import run_ingest
from linkedin_audit.db import scalar

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
DEC_2024 = FIXTURES / "Complete_LinkedInDataExport_12-20-2024"


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A tiny two-export history, ingested one export at a time (the monthly refresh flow)."""
    return two_export_history(tmp_path_factory)


def test_network_changes_match_the_planted_truth(history: tuple[Path, dict]) -> None:
    db, truth = history
    con = duckdb.connect(str(db), read_only=True)
    got = sorted(
        con.execute(
            "SELECT change, name, old_company, new_company, old_position, new_position "
            "FROM network_changes WHERE export_id = 2"
        ).fetchall()
    )
    want = sorted(
        (
            r["change"],
            r["name"],
            *(r.get(k) or None for k in ("old_company", "new_company", "old_position", "new_position")),
        )
        for r in truth["network_changes"]
    )
    kinds = {c for c, *_ in want}
    assert kinds == {"added", "removed", "job_change"}  # the generator planted all three
    # added and removed rows carry one side's job only; the truth pins the job of job changes
    got_cmp = sorted((c, n, *(rest if c == "job_change" else [None] * 4)) for c, n, *rest in got)
    assert got_cmp == want
    assert con.execute("SELECT count(*) FROM network_changes WHERE export_id = 1").fetchone() == (0,)


def test_audit_history_keeps_every_export(history: tuple[Path, dict]) -> None:
    db, truth = history
    con = duckdb.connect(str(db), read_only=True)
    per_export = con.execute(
        "SELECT export_id, export_date, count(*) FROM audit_history GROUP BY ALL ORDER BY 1"
    ).fetchall()
    n = scalar(con, "SELECT count(*) FROM audit_summary")
    assert [(e, c) for e, _d, c in per_export] == [(1, n), (2, n)]
    dates = [str(d) for _e, d, _c in per_export]
    assert dates == [e["export_date"] for e in truth["exports"]]
    # the newest export's rows are audit_summary itself
    assert con.execute("""SELECT count(*) FROM audit_summary s JOIN audit_history h
                          ON h.metric = s.metric AND h.export_id = 2
                          AND h.value IS NOT DISTINCT FROM s.value AND h.status = s.status""").fetchone() == (
        n,
    )


def test_hand_written_job_change_and_removal(tmp_path: Path) -> None:
    """The Dec-2024 fixture three months later: one connection gone, one with a new job (case and spaces
    changed only in another: not a job change)."""
    later = tmp_path / "Complete_LinkedInDataExport_03-20-2025"
    shutil.copytree(DEC_2024, later)
    lines = (later / "Connections.csv").read_text().splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if line.startswith("First Name"))
    rows = lines[header + 1 :]
    assert len(rows) >= 3
    import csv
    import io

    parsed = list(csv.reader(io.StringIO("".join(rows))))
    cols = next(csv.reader([lines[header]]))
    ci, pi = cols.index("Company"), cols.index("Position")
    gone = parsed[0]
    moved = parsed[1]
    moved[ci], moved[pi] = "Brand New Co", "Chief Tester"
    recased = parsed[2]
    recased[ci] = "  " + recased[ci].upper() + " "
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(parsed[1:])
    (later / "Connections.csv").write_text("".join(lines[: header + 1]) + buf.getvalue())
    db = tmp_path / "db.duckdb"
    run_ingest([DEC_2024], db, progress=False)
    run_ingest([later], db, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    got = con.execute(
        "SELECT change, name, new_company, new_position FROM network_changes ORDER BY change"
    ).fetchall()
    name = lambda r: f"{r[cols.index('First Name')]} {r[cols.index('Last Name')]}".strip()  # noqa: E731
    assert got == [
        ("job_change", name(moved), "Brand New Co", "Chief Tester"),
        ("removed", name(gone), None, None),
    ]
    assert con.execute("SELECT count(DISTINCT export_id) FROM audit_history").fetchone() == (2,)
