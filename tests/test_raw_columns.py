"""raw.<source> gains every header name its files bring, when several files of one export feed one raw table
(an export's catalog of raw columns is looked up once and kept up to date as files load: reader.load_file):
hand-written coach files (one raw source, five file names) with differing headers, and a typed file with a
column its spec does not name, in one export, then a later export with one more column."""

from __future__ import annotations

from pathlib import Path

import duckdb

from linkedin_audit.build import run_ingest

CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Acme,CTO,01 Mar 2024\n"
)


def _export(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(f"SELECT name FROM pragma_table_info('raw.{table}') ORDER BY cid").fetchall()
    ]


def test_files_of_one_source_add_their_columns_in_one_export_and_the_next(tmp_path: Path) -> None:
    first = _export(
        tmp_path / "Basic_LinkedInDataExport_03-01-2024",
        {
            "Connections.csv": CONNECTIONS.replace("Connected On\n", "Connected On,Mood\n").replace(
                "01 Mar 2024\n", "01 Mar 2024,happy\n"
            ),
            "coach_messages.csv": "Alpha,Beta\na1,b1\na2,b2\n",
            "guide_messages.csv": "Alpha,Gamma,Delta\na3,g3,d3\n",
            "LearningCoachMessages.csv": "Delta,Beta\nd4,b4\n",
        },
    )
    db = tmp_path / "db.duckdb"
    run_ingest([first], db, progress=False, analyse=False)
    second = _export(
        tmp_path / "Basic_LinkedInDataExport_04-01-2024",
        {"Connections.csv": CONNECTIONS, "coach_messages.csv": "Alpha,Epsilon\na5,e5\n"},
    )
    run_ingest([second], db, progress=False, analyse=False)
    with duckdb.connect(str(db), read_only=True) as con:
        columns = _columns(con, "coach_messages")
        assert columns[:2] == ["export_id", "file"]
        assert sorted(columns[2:]) == ["alpha", "beta", "delta", "epsilon", "gamma"]
        rows = con.execute(
            "SELECT export_id, file, alpha, beta, gamma, delta, epsilon FROM raw.coach_messages ORDER BY ALL"
        ).fetchall()
        assert rows == [
            (1, "LearningCoachMessages.csv", None, "b4", None, "d4", None),
            (1, "coach_messages.csv", "a1", "b1", None, None, None),
            (1, "coach_messages.csv", "a2", "b2", None, None, None),
            (1, "guide_messages.csv", "a3", None, "g3", "d3", None),
            (2, "coach_messages.csv", "a5", None, None, None, "e5"),
        ]
        assert "mood" in _columns(con, "connections")
        assert con.execute("SELECT mood FROM raw.connections ORDER BY export_id").fetchall() == [
            ("happy",),
            (None,),
        ]
