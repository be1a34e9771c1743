"""Thresholds are configuration: a user's TOML overrides the defaults, statuses follow it, and the
database records what the analyses used so charts draw the same lines."""

from pathlib import Path

import duckdb
import pytest

from linkedin_audit.build import run_ingest
from linkedin_audit.config import Band, load_thresholds, thresholds_in_use

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def test_band_direction_and_edges():
    higher_is_worse = Band(80, 100)
    assert [higher_is_worse.status(v) for v in (79, 80, 99, 100, None)] == [
        "ok",
        "watch",
        "watch",
        "high",
        "not_enough_data",
    ]
    lower_is_worse = Band(0.30, 0.15)
    assert [lower_is_worse.status(v) for v in (0.31, 0.30, 0.16, 0.15)] == ["ok", "watch", "watch", "high"]


def test_override_file_and_unknown_keys(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text("[invites_7d]\nwatch = 10\n[minimum]\nsends = 3\n")
    t = load_thresholds(mine)
    assert t.band("invites_7d") == Band(10, 100) and t.min("sends") == 3
    assert t.band("messages_1h") == load_thresholds().band("messages_1h")
    (tmp_path / "typo.toml").write_text("[invites_7days]\nwatch = 10\n")
    with pytest.raises(ValueError, match="invites_7days"):
        load_thresholds(tmp_path / "typo.toml")


def test_database_records_the_thresholds_used(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text("[invites_7d]\nwatch = 10\nhigh = 20\n")
    db = tmp_path / "a.duckdb"
    run_ingest(sorted(SAMPLE.glob("*.zip")), db, thresholds=load_thresholds(mine), progress=False)
    with duckdb.connect(str(db), read_only=True) as con:
        assert thresholds_in_use(con).band("invites_7d") == Band(10, 20)
        value, status = con.execute(
            "SELECT value, status FROM audit_summary WHERE metric = 'max_invites_7d'"
        ).fetchone()
    assert value >= 20 and status == "high"  # 120 in the sample: high under the user's own band


def test_older_database_falls_back_to_defaults():
    con = duckdb.connect()
    assert thresholds_in_use(con) == load_thresholds()
