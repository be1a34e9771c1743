"""The synthetic export generator: determinism, era formats, truth self-consistency, archetypes, ingest.

Counts are read back from the written CSVs with the csv module and compared with the truth file, which the
generator computed from its plan; nothing here calls the analysis code."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from linkedin_audit.analyses.pipeline import METRICS
from linkedin_audit.config import load_thresholds
from linkedin_audit.errors import UserError
from linkedin_audit.synth import ERAS, build_plan, generate, realworld
from linkedin_audit.synth.keys import name_key, url_key
from linkedin_audit.synth.plan import DAY, OWNER
from linkedin_audit.synth.truth import archetype_ok, contacts, rule_class


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("scale", "era", "history", "as_zip"),
    [("tiny", 2026, 1, True), ("tiny", 2018, 2, False), ("small", 2024, 2, True)],
)
def test_same_seed_same_bytes(tmp_path: Path, scale: str, era: int, history: int, as_zip: bool) -> None:
    a = _digest_run(tmp_path / "a", scale, era, history, as_zip)
    b = _digest_run(tmp_path / "b", scale, era, history, as_zip)
    assert a == b
    assert len(a) >= 3
    c = _digest_run(tmp_path / "c", scale, era, history, as_zip, seed=8)
    assert c != a


def _digest_run(out: Path, scale: str, era: int, history: int, as_zip: bool, seed: int = 7) -> dict[str, str]:
    generate(out, scale=scale, era=era, history=history, seed=seed, zip=as_zip)
    return _digest(out)


def test_bad_arguments_are_user_errors(tmp_path: Path) -> None:
    for kwargs in ({"era": 2019}, {"scale": "huge"}, {"scale": "5"}, {"history": 0}):
        with pytest.raises(UserError):
            generate(tmp_path, **kwargs)  # type: ignore[arg-type]


# ---- reading an export back ---------------------------------------------------------------------------
def _files(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _rows(data: bytes, skip_to: str | None = None) -> list[dict[str, str]]:
    text = data.decode("utf-16") if data.startswith(b"\xff\xfe") else data.decode("utf-8")
    lines = text.split("\n")
    if skip_to is not None:
        start = next(i for i, line in enumerate(lines[:10]) if line.startswith(skip_to))
        text = "\n".join(lines[start:])
    delim = "\t" if data.startswith(b"\xff\xfe") else ","
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delim))


@pytest.fixture(scope="module", params=ERAS)
def era_export(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[int, list[Path], dict[str, Any]]:
    era = request.param
    out = tmp_path_factory.mktemp(f"era{era}")
    paths = generate(out, scale="small", era=era, history=2, seed=11, zip=era in (2018, 2026))
    truth = json.loads(next(p for p in paths if p.name.endswith(".truth.json")).read_text())
    return era, [p for p in paths if not p.name.endswith((".json", ".csv"))], truth


def test_era_format(era_export: tuple[int, list[Path], dict[str, Any]]) -> None:
    era, exports, truth = era_export
    assert [p.name.removesuffix(".zip") for p in exports] == [
        e["name"].removesuffix(".zip") for e in truth["exports"]
    ]
    for p in exports:
        assert p.name.startswith("Complete_LinkedInDataExport_")
        stamp = p.name.removeprefix("Complete_LinkedInDataExport_")[:10]
        assert dt.datetime.strptime(stamp, "%m-%d-%Y")
    f = _files(exports[-1])
    conn = f["Connections.csv"]
    assert not conn.endswith(b"\n") and not f["Email Addresses.csv"].endswith(b"\n")
    if era == 2018:
        assert conn.startswith(b"First Name,Last Name,Email Address,Company,Position,Connected On\n")
        assert "Messages.csv" in f and "messages.csv" not in f
        assert f["Messages.csv"].startswith(b"From,To,Date,Subject,Content,Direction,Folder\n")
        assert f["Logins.csv"].startswith(b"\xff\xfe") and b"\t\x00" in f["Logins.csv"]
        assert b' PM"' in conn or b' AM"' in conn  # quoted "M/D/YY, h:mm AM" dates
    else:
        assert conn.startswith(b'Notes:\n"When exporting')
        assert conn.split(b"\n")[2] == b""
        assert "Company Follows.csv" in f and not f["Company Follows.csv"].endswith(b"\n")
        assert any(n.startswith("Comments") for n in f)
        comments = next(v for n, v in f.items() if n.startswith("Comments"))
        assert b"\r\n" in comments and b"\r\nAlso worth" in comments  # unquoted continuation line
    msgs = f.get("messages.csv", b"")
    if era == 2022:
        assert msgs.startswith(
            b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
        )
        assert f["Account Status History.csv"].startswith(b"\xff\xfe")
    if era == 2024:
        assert msgs.split(b"\n")[0].endswith(b"FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT")
        assert b",,Yes,No\n" in msgs
        assert f["Invitations.csv"].startswith(
            b"From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        )
    if era == 2026:
        assert msgs.startswith(b'"CONVERSATION ID","CONVERSATION TITLE","FROM"')
        assert msgs.split(b"\n")[0].endswith(b'"FOLDER","ATTACHMENTS"')
        rows = _rows(msgs)
        assert any("\n" in r["CONTENT"] for r in rows)
        assert any(n.startswith("Reactions_") for n in f)
    if era >= 2022:
        rows = _rows(msgs)
        assert any("spinmail-quill-editor__spin-break" in r["CONTENT"] for r in rows)
        assert any(r["FOLDER"] == "SPAM" for r in rows)
    if era >= 2024:
        rows = _rows(msgs)
        assert any("%" in r["SENDER PROFILE URL"] for r in rows)  # percent-encoded slugs
        assert any("," in r["RECIPIENT PROFILE URLS"] and ", PhD" in r["TO"] for r in rows)
        assert _rows(f["Endorsement_Received_Info.csv"])[0]["Endorser Public Url"].startswith("www.linkedin")
    name_col = "From" if era == 2018 else "FROM"
    assert any(r[name_col] == "LinkedIn Member" for r in _rows(msgs or f["Messages.csv"]))


def _merged_counts(era: int, exports: list[Path]) -> dict[str, int]:
    """Union over exports by natural keys, as an ingest would merge them."""
    conns: set[tuple[str, ...]] = set()
    invs: set[tuple[str, ...]] = set()
    msgs: set[tuple[str, ...]] = set()
    for p in exports:
        f = _files(p)
        for r in _rows(f["Connections.csv"], skip_to="First Name"):
            conns.add((r["First Name"], r["Last Name"], r["Connected On"]))
        for r in _rows(f["Invitations.csv"]):
            invs.add((r["From"], r["To"], r["Sent At"], r["Direction"]))
        for r in _rows(f["Messages.csv" if era == 2018 else "messages.csv"]):
            msgs.add(tuple(r.values()))
    return {
        "connections": len(conns),
        "hidden_connections": sum(c[0] == "" and c[1] == "" for c in conns),
        "invitations_outgoing": sum(i[3] == "OUTGOING" for i in invs),
        "invitations_incoming": sum(i[3] == "INCOMING" for i in invs),
        "messages": len(msgs),
    }


def test_truth_counts_match_files(era_export: tuple[int, list[Path], dict[str, Any]]) -> None:
    era, exports, truth = era_export
    owner = truth["owner"]["name"]
    for p, meta in zip(exports, truth["exports"], strict=True):
        f = _files(p)
        c = meta["counts"]
        conns = _rows(f["Connections.csv"], skip_to="First Name")
        assert len(conns) == c["connections"]
        assert sum(not r["First Name"] and not r["Last Name"] for r in conns) == c["hidden_connections"]
        invs = _rows(f["Invitations.csv"])
        assert sum(r["Direction"] == "OUTGOING" for r in invs) == c["invitations_outgoing"]
        assert sum(r["Direction"] == "INCOMING" for r in invs) == c["invitations_incoming"]
        msgs = _rows(f["Messages.csv" if era == 2018 else "messages.csv"])
        assert len(msgs) == c["messages"]
        sender = "From" if era == 2018 else "FROM"
        drafts = [r.get("IS MESSAGE DRAFT") == "Yes" for r in msgs]
        assert sum(drafts) == c["drafts"]
        assert (
            sum(r[sender] == owner and not d for r, d in zip(msgs, drafts, strict=True)) == c["sent_messages"]
        )
    merged = _merged_counts(era, exports)
    for key, value in merged.items():
        assert truth["counts"][key] == value, key
    # Every export's visible rows, merged by name (a connection removed before the newest export stays,
    # as in the model's `connections`).
    by_name: dict[str | None, dict[str, str]] = {}
    for export in exports:
        for r in _rows(_files(export)["Connections.csv"], skip_to="First Name"):
            if r["First Name"]:
                by_name[name_key(f"{r['First Name']} {r['Last Name']}")] = r
    visible = list(by_name.values())
    assert len(visible) == truth["counts"]["connections_visible"] == len(truth["tie_classes"])
    if era >= 2024:
        assert {url_key(r["URL"]) for r in visible} == set(truth["tie_classes"])
    assert {name_key(f"{r['First Name']} {r['Last Name']}") for r in visible} == set(
        truth["tie_classes_by_name"]
    )


def test_planted_bursts_in_files(era_export: tuple[int, list[Path], dict[str, Any]]) -> None:
    era, exports, truth = era_export
    seen: set[tuple[str, str]] = set()
    out: list[dt.datetime] = []
    for p in exports:
        for r in _rows(_files(p)["Invitations.csv"]):
            if r["Direction"] == "OUTGOING" and (r["To"], r["Sent At"]) not in seen:
                seen.add((r["To"], r["Sent At"]))
                out.append(dt.datetime.strptime(r["Sent At"], "%m/%d/%y, %I:%M %p"))
    out.sort()
    for b in truth["bursts"]:
        if b["stream"] != "invitations":
            continue
        start = dt.datetime.strptime(b["start"], "%Y-%m-%d %H:%M:%S UTC")
        inside = [t for t in out if start <= t < start + dt.timedelta(seconds=b["window_seconds"])]
        assert len(inside) == b["count"]
    summary = truth["expected_summary"]
    assert summary["max_invites_7d"] == 120 and summary["max_invites_24h"] == 104  # the 10-minute bot run
    assert summary["max_invites_1min"] == 45 and summary["max_invites_10min"] == 104
    assert summary["max_messages_1h"] == 100 and summary["max_messages_24h"] == 100
    owner = truth["owner"]
    if era == 2018:  # no Geo Location: the clock is inferred from the sends, and right
        assert owner["inferred_tz_offset_hours"] == owner["tz_offset_hours"] and not owner["geo_zone"]
    else:  # the profile names a zone that keeps the owner's offset all year
        assert owner["inferred_tz_offset_hours"] is None and owner["geo_zone"]
    th = load_thresholds()
    metrics = METRICS  # every row of audit_summary
    assert set(metrics) <= set(summary)
    assert all(summary[m] is not None for m in metrics), "small scale clears every minimum"
    assert th.min("sends") == 10


# ---- the plan itself ------------------------------------------------------------------------------------
@pytest.mark.parametrize("era", ERAS)
def test_tie_archetypes_hold(era: int) -> None:
    plan = build_plan("small", era, 2, 5)
    info = contacts(plan)
    as_of_day = plan.as_of // DAY
    classes = [p for p in plan.people[1:] if p.tie_class]
    assert {p.tie_class for p in classes} == {"strong", "weak", "dormant", "never"}
    for p in classes:
        assert p.tie_class is not None
        assert archetype_ok(p.tie_class, info.get(p.idx), as_of_day), (p.idx, p.tie_class)
        assert rule_class(info.get(p.idx), as_of_day) == p.tie_class, (p.idx, p.tie_class)


def test_edges_and_exclusions_are_planted() -> None:
    from linkedin_audit.synth.truth import conversation_table

    plan = build_plan("small", 2026, 1, 5)
    table = conversation_table(plan)
    mine = [r for r in table if r["starter"] == OWNER and not r["excluded"]]
    assert any(r["latency"] == 7 * DAY for r in mine), "a reply exactly at the 7-day edge"
    assert any(r["t0"] == plan.as_of - 7 * DAY for r in mine), "judged exactly at the edge"
    assert any(r["t0"] == plan.as_of - 7 * DAY + 60 for r in mine), "censored one minute later"
    assert {c.kind for c in plan.convs} == {"normal", "sponsored", "spam", "hidden", "marketing"}


def test_personal_messages_are_varied_and_templates_recur() -> None:
    from rapidfuzz import fuzz, process

    from linkedin_audit.synth.truth import effective_labels

    plan = build_plan("small", 2026, 1, 5)
    labels, _ = effective_labels(plan)
    me = plan.people[OWNER].first
    linkedin_words = {t.format(me=me) for texts in realworld.LINKEDIN_WORDS.values() for t in texts}
    personal: list[str] = []
    templated: dict[str, list[str]] = {}
    for i, (s, d) in enumerate(zip(plan.m_sender, plan.m_draft, strict=True)):
        if s != OWNER or d:
            continue
        other = next(m for m in plan.convs[plan.m_conv[i]].members if m != OWNER)
        first = plan.people[other].first if other >= 0 else ""
        masked = plan.m_text[i].replace(first, "{name}") if first else plan.m_text[i]
        if labels[i]:
            templated.setdefault(labels[i], []).append(masked)
        elif plan.m_text[i] in linkedin_words:  # LinkedIn's words (realworld.py), not the member's
            continue
        elif len(masked.split()) >= 6:
            personal.append(masked)
    assert len(personal) > 500
    scores = process.cdist(personal, personal, scorer=fuzz.ratio, score_cutoff=85, workers=2)
    near = (scores > 0).sum(axis=1) - 1  # minus itself
    assert near.max() <= 1, "no three personal texts are near-identical after masking"
    assert set(templated) >= {"msg-outreach", "msg-followup"}
    for texts in templated.values():
        assert len(texts) >= 3
        assert min(fuzz.ratio(texts[0], t) for t in texts) >= 75


def test_max_scale_shape_is_declared() -> None:
    from linkedin_audit.synth.plan import scale_for

    s = scale_for("max")
    assert (s.connections, s.messages, s.invitations) == (30_000, 1_000_000, 50_000)


# ---- the ingest reads every era with no unknown file and no parse failure ------------------------------
@pytest.mark.parametrize("era", ERAS)
def test_every_era_ingests_cleanly(tmp_path: Path, era: int) -> None:
    from linkedin_audit.build import run_ingest

    paths = generate(tmp_path / "x", scale="tiny", era=era, history=2, seed=3, zip=era % 4 == 0)
    exports = [p for p in paths if not p.name.endswith((".json", ".csv"))]
    summary = run_ingest(exports, tmp_path / "db.duckdb", new_db=True, progress=False)
    assert [e.unknown for e in summary.exports] == [[], []]
    assert summary.parse_failures == []


def test_cli_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from linkedin_audit.cli import app

    runner = CliRunner()
    args = [
        "synth",
        "--out",
        str(tmp_path),
        "--scale",
        "tiny",
        "--era",
        "2022",
        "--history",
        "2",
        "--seed",
        "4",
    ]
    result = runner.invoke(app, [*args, "--zip"])
    assert result.exit_code == 0, result.output
    names = sorted(Path(line).name for line in result.output.split())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    assert sum(n.endswith(".zip") for n in names) == 2
    assert any(n.endswith(".truth.json") for n in names) and any(
        n.endswith(".truth-templates.csv") for n in names
    )
    bad = runner.invoke(app, ["synth", "--out", str(tmp_path), "--era", "2019"])
    assert bad.exit_code == 2
    assert "--era must be one of" in bad.output


def test_truth_labels_and_classes_agree_with_summary(
    era_export: tuple[int, list[Path], dict[str, Any]],
) -> None:
    era, exports, truth = era_export
    out = exports[0].parent
    labels = _rows(
        (out / f"{truth['exports'][-1]['name'].removesuffix('.zip')}.truth-templates.csv").read_bytes()
    )
    sent = [r for r in labels if r["stream"] == "message"]
    assert len(sent) == truth["counts"]["sent_messages"]
    empty = truth["counts"]["sent_text_kinds"].get("empty", 0)  # out of the denominator
    # a send of one text to several people at once is one message of the share (one action, one event)
    starts = [dt.datetime.strptime(m["start"], "%Y-%m-%d %H:%M:%S UTC") for m in truth["multi_sends"]]
    at = [dt.datetime.strptime(r["sent_at"], "%Y-%m-%d %H:%M:%S UTC") for r in sent]
    copies = 0
    for start in starts:
        inside = {
            r["label"] for r, t in zip(sent, at, strict=True) if start <= t <= start + dt.timedelta(minutes=2)
        }
        rows = [r for r, t in zip(sent, at, strict=True) if start <= t <= start + dt.timedelta(minutes=2)]
        copies += sum(len([r for r in rows if r["label"] == label]) - 1 for label in inside if label)
    share = (sum(bool(r["label"]) for r in sent) - copies) / (len(sent) - empty - copies)
    assert share == pytest.approx(truth["expected_summary"]["templated_message_share"])
    notes = [r for r in labels if r["stream"] == "invitation_note" and r["direction"] == "outgoing"]
    kinds = truth["invitations_by_kind"]["outgoing"]
    assert sum(bool(r["label"]) for r in notes) == kinds["template"]
    n_out = truth["counts"]["invitations_outgoing"]
    assert sum(kinds.values()) == n_out
    assert truth["expected_summary"]["templated_invite_share"] == pytest.approx(kinds["template"] / n_out)
    classes = list(truth["tie_classes"].values())
    for cls, key in (
        ("never", "never_interacted_share"),
        ("weak", "weak_tie_share"),
        ("dormant", "dormant_tie_share"),
        ("strong", "strong_tie_share"),
    ):
        assert truth["expected_summary"][key] == pytest.approx(classes.count(cls) / len(classes))
