"""The declared SQL graph (linkedin_audit/ingest/graph.py): every SQL file makes one relation, declares what
it reads, and the build order comes from those declarations. The package's own files pass the checks;
hand-made broken graphs fail them (a cycle, an undeclared read, two relations in one file, a relation no
header names, a schema that is not the folder's), so the checks can fail."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from linkedin_audit.ingest import graph
from linkedin_audit.ingest.graph import GraphError, SqlFile, check, order, parse


def _file(path: str, relation: str | None, reads: str, sql: str, materialize: str = "table") -> SqlFile:
    head = (f"-- relation: {relation}\n" if relation else "") + f"-- reads: {reads}\n"
    return parse(path, head + f"-- materialize: {materialize}\n{sql}\n")


def test_the_package_graph_has_no_problem():
    assert check() == []


def test_every_sql_file_is_in_the_graph_and_makes_one_relation():
    root = resources.files("linkedin_audit.ingest").joinpath("sql")
    on_disk = sorted(f"{d.name}/{f.name}" for d in root.iterdir() if d.is_dir() for f in d.iterdir())
    on_disk = [p for p in on_disk if p.endswith(".sql")]
    assert sorted(f.path for f in graph.files()) == on_disk
    relations = [f.relation for f in graph.files() if f.materialize not in ("macros", "refresh")]
    assert len(relations) == len(set(relations)) == len(on_disk) - 2  # the macros file, the refresh file


def test_folders_are_schemas():
    for f in graph.files():
        if f.relation and f.materialize != "temp":
            assert (
                f.relation.split(".")[0] == {"staging": "staging", "meta": "meta", "model": "main"}[f.folder]
            )


def test_order_follows_the_reads():
    files = graph.files()
    position = {f.path: i for i, f in enumerate(files)}
    makers = {f.relation: f.path for f in files if f.relation and f.materialize != "refresh"}
    assert files[0].path == "staging/00_macros.sql"
    for f in files:
        for read in f.reads:
            if read in makers and makers[read] != f.path:
                assert position[makers[read]] < position[f.path], (f.path, read)
    # hand-checked pairs the old name order got right by luck of numbering
    assert position["model/15_engagement.sql"] > position["model/14_votes.sql"]
    assert position["model/06_messages_identity.sql"] > position["model/06_messages.sql"]
    assert position["meta/90_owner_by_export.sql"] < position["meta/00_to_names.sql"]


def test_per_export_and_incremental_are_marked_in_the_files():
    marked = {f.path: f.materialize for f in graph.files() if f.materialize not in ("view", "table")}
    assert marked == {
        "staging/00_macros.sql": "macros",
        "meta/00_message_values.sql": "temp",
        "meta/90_owner_by_export.sql": "per_export",
        "meta/00_mention_sources.sql": "temp",
        "meta/00_name_keys.sql": "temp",
        "meta/00_staged_connections.sql": "temp",
        "meta/00_staged_invitations.sql": "temp",
        "meta/01_person_ids.sql": "append",
        "model/06_message_senders.sql": "temp",
        "model/06_message_owner.sql": "temp",
        "model/06_messages.sql": "incremental",
        "model/06_messages_identity.sql": "refresh",
    }
    source = resources.files("linkedin_audit.ingest").joinpath("model.py").read_text()
    assert not re.search(r"\w+\.sql", source)  # the runner names no file


def test_the_message_merge_version_covers_the_sql_that_makes_a_message_row():
    from linkedin_audit.ingest.model import merge_inputs

    assert [f.path for f in merge_inputs()] == [
        "staging/00_macros.sql",
        "staging/12_messages.sql",
        "model/06_message_owner.sql",
        "model/06_message_senders.sql",
        "model/06_messages.sql",
    ]


def test_a_cycle_fails():
    a = _file("model/a.sql", "main.a", "main.b", "CREATE TABLE a AS SELECT * FROM b")
    b = _file("model/b.sql", "main.b", "main.a", "CREATE TABLE b AS SELECT * FROM a")
    with pytest.raises(GraphError, match="cycle"):
        order([a, b])
    assert any("cycle" in e for e in check((a, b)))


def test_an_undeclared_read_fails():
    a = _file("model/a.sql", "main.a", "staging.connections", "CREATE TABLE a AS SELECT 1 AS x")
    b = _file(
        "model/b.sql",
        "main.b",
        "main.a",
        "CREATE TABLE b AS SELECT * FROM a JOIN meta.person_lookup USING (x)",
    )
    c = _file(
        "staging/c.sql",
        "staging.connections",
        "raw.connections",
        "CREATE VIEW staging.connections AS SELECT * FROM raw.connections",
    )
    errors = check((a, b, c))
    assert "model/b.sql reads meta.person_lookup without declaring it" in errors
    assert "model/a.sql declares reads it does not make: staging.connections" in errors
    d = _file("model/d.sql", "main.d", "main.nowhere", "CREATE TABLE d AS SELECT * FROM nowhere")
    assert any("reads main.nowhere, which no file makes" in e for e in check((d,)))


def test_two_relations_in_one_file_fail():
    a = _file(
        "model/a.sql",
        "main.a",
        "-",
        "CREATE OR REPLACE TABLE a AS SELECT 1;\nCREATE OR REPLACE TABLE b AS SELECT 2;",
    )
    assert check((a,)) == ["model/a.sql creates ['main.a', 'main.b']; its header names main.a"]


def test_a_relation_no_header_names_fails():
    a = _file("model/a.sql", "main.a", "-", "CREATE OR REPLACE TABLE other AS SELECT 1")
    assert check((a,)) == ["model/a.sql creates ['main.other']; its header names main.a"]
    scratch = _file(
        "model/s.sql",
        "main.s",
        "-",
        "CREATE TEMP TABLE work AS SELECT 1 AS x;\nCREATE TABLE s AS SELECT * FROM work;\nDROP TABLE work;",
    )
    assert check((scratch,)) == []  # a scratch table dropped again is no relation


def test_the_schema_follows_the_folder():
    a = _file("model/a.sql", "staging.a", "-", "CREATE VIEW staging.a AS SELECT 1")
    assert check((a,)) == ["model/a.sql: staging.a is not in schema main, the folder's"]
    with pytest.raises(GraphError, match="must give"):
        parse("model/x.sql", "CREATE TABLE x AS SELECT 1")
