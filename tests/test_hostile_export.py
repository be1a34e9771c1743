"""Issue 8, end to end: an export whose names, companies, positions, invitation notes, message contents and
conversation titles are markup payloads is ingested and reported with the network cut off, twice (plain and
--redact); then

- no payload runs in headless Chromium in any section, and payloads are visible as text;
- the executed notebooks' text/html outputs hold no payload as markup (nbclient outputs, before nbconvert);
- the redacted report holds no name, profile URL or e-mail of the export (read from its CSVs);
- nothing tried to open a network connection (see `sandbox` for exactly what is blocked and how);
- the database, its temporary build and the reports are readable by the user only.

Everything is synthetic (linkedin_audit.synth), built once per session and shared by the tests."""

from __future__ import annotations

import csv
import html
import html.parser
import io
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from report_fixtures import NOTEBOOKS, external_refs, shared_build
from test_report_browser import chromium, needs_chromium, open_report

PAYLOADS = [
    '<script>document.title="pwned-1";console.log("pwned-1")</script>',
    "<img src=x onerror=\"document.title='pwned-2';console.log('pwned-2')\">",
    "<a href=\"javascript:document.title='pwned-3'\">click me</a>",
    '"><svg onload="document.title=\'pwned-4\'">',
    "</script><script>document.title='pwned-5'</script>",
    "<iframe srcdoc=\"<script>parent.document.title='pwned-6'</script>\"></iframe>",
    "<div><b>unclosed <i>markup <!-- open comment",
    "<style>body{display:none}</style><body onload=\"console.log('pwned-8')\">",
]

GUARD = '''
"""Test guard: every Python process that imports this (the CLI, each Jupyter kernel) logs and
refuses any socket connection or name lookup that is not loopback or a Unix socket."""
import os, socket

_LOG = os.environ["LA_NET_LOG"]
_LOCAL = {"127.0.0.1", "::1", "localhost", "", None}
_connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
_getaddrinfo = socket.getaddrinfo


def _refuse(what):
    with open(_LOG, "a") as fh:
        fh.write(f"{os.getpid()} {what}\\n")
    raise OSError(f"network blocked by the test: {what}")


def _local(sock, address):
    return sock.family == socket.AF_UNIX or (isinstance(address, tuple) and address[0] in _LOCAL)


def connect(self, address):
    return _connect(self, address) if _local(self, address) else _refuse(f"connect {address!r}")


def connect_ex(self, address):
    return _connect_ex(self, address) if _local(self, address) else _refuse(f"connect {address!r}")


def sendto(self, data, *args):
    address = args[-1]
    return _sendto(self, data, *args) if _local(self, address) else _refuse(f"sendto {address!r}")


def getaddrinfo(host, *args, **kwargs):
    if host not in _LOCAL:
        _refuse(f"getaddrinfo {host!r}")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
socket.getaddrinfo = getaddrinfo
'''

RUN = '''
"""Ingest the planted export and write both reports; the executed notebooks are kept for inspection."""
import sys
import uuid
from pathlib import Path

import nbformat

from linkedin_audit.report import page, render as report
from linkedin_audit.build import run_ingest

export, folder = Path(sys.argv[1]), Path(sys.argv[2])
db = folder / "hostile.duckdb"
run_ingest([export], db, progress=False)
keep = page._drop_noise


def drop_and_keep(nb):
    keep(nb)
    nbformat.write(nb, str(folder / "executed" / f"{uuid.uuid4().hex}.ipynb"))  # notebooks run in threads


page._drop_noise = drop_and_keep
(folder / "executed").mkdir()
plain = report.build_report(db, folder / "plain.html", jobs=1)
page._drop_noise = keep
redacted = report.build_report(db, folder / "redacted.html", redact=True, jobs=1)
errors = [s.error for s in plain.sections + redacted.sections if s.failed]
print("errors:", errors)
sys.exit(1 if errors else 0)
'''


def _rewrite(path: Path, edit, skip_to: str | None = None) -> None:
    """Rewrite a CSV row by row with the csv module (so payloads are quoted exactly as LinkedIn would)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith(skip_to)) if skip_to else 0
    records = list(csv.reader(io.StringIO("\n".join(lines[start:]))))
    header, body = records[0], records[1:]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [header] + [edit(k, dict(zip(header, r, strict=True)), header) for k, r in enumerate(body)]
    )
    path.write_text("\n".join(lines[:start] + [out.getvalue()]), encoding="utf-8")


def plant(folder: Path) -> Path:
    """Payloads in counterpart names (consistently in every file), companies, positions, invitation notes,
    message contents and conversation titles. The owner stays who they are (the ingest checks ownership)."""
    renamed: dict[str, str] = {}

    def connections(k, row, header):
        if k % 3 == 0:
            payload = PAYLOADS[(k // 3) % len(PAYLOADS)]
            renamed[f"{row['First Name']} {row['Last Name']}"] = payload
            row["First Name"], row["Last Name"] = payload, ""
        if k % 4 == 1:
            row["Company"] = PAYLOADS[k % len(PAYLOADS)]
        if k % 5 == 2:
            row["Position"] = PAYLOADS[(k + 3) % len(PAYLOADS)]
        return [row[h] for h in header]

    def invitations(k, row, header):
        for col in ("From", "To"):
            row[col] = renamed.get(row[col], row[col])
        if k % 3 == 0:
            row["Message"] = PAYLOADS[(k + 1) % len(PAYLOADS)]
        return [row[h] for h in header]

    def messages(k, row, header):
        for col in ("FROM", "TO"):
            row[col] = renamed.get(row[col], row[col])
        if k % 4 == 0:
            row["CONTENT"] = PAYLOADS[(k + 2) % len(PAYLOADS)] + " " + row["CONTENT"]
        if k % 7 == 0:
            row["CONVERSATION TITLE"] = PAYLOADS[(k + 5) % len(PAYLOADS)]
        return [row[h] for h in header]

    _rewrite(folder / "Connections.csv", connections, skip_to="First Name")
    _rewrite(folder / "Invitations.csv", invitations)
    _rewrite(folder / "messages.csv", messages)
    return folder


def sandbox(command: list[str], folder: Path) -> tuple[list[str], dict[str, str], str]:
    """The command wrapped so it cannot reach the network, and how.

    Two layers: (1) a sitecustomize on PYTHONPATH, inherited by the CLI and by every Jupyter kernel, logs
    and refuses any Python socket connection, datagram or name lookup that is not loopback/Unix; (2) when
    the OS allows it, a fresh network namespace (`unshare -n`) with only the loopback interface up, which
    also covers C/Rust code (libzmq, vl-convert) that bypasses Python's socket module. Jupyter's own kernel
    channels are ZMQ over 127.0.0.1, so loopback must stay."""
    guard = folder / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(GUARD)
    log = folder / "network.log"
    log.write_text("")
    env = {
        **os.environ,
        "LA_NET_LOG": str(log),
        "PYTHONPATH": os.pathsep.join([str(guard), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    unshare, ip = shutil.which("unshare"), shutil.which("ip") or "/usr/sbin/ip"
    how = "python-guard"
    if unshare and Path(ip).exists():
        flags = ["-n"] if os.geteuid() == 0 else ["-rn"]
        probe = subprocess.run([unshare, *flags, ip, "link", "set", "lo", "up"], capture_output=True)
        if probe.returncode == 0:
            command = [unshare, *flags, "sh", "-c", f'{ip} link set lo up && exec "$@"', "sh", *command]
            how = "python-guard+netns"
    return command, env, how


def _build(folder: Path) -> Path:
    from linkedin_audit.synth import generate

    export = plant(next(p for p in generate(folder / "export", scale="tiny", seed=6) if p.is_dir()))
    (folder / "run.py").write_text(RUN)
    command, env, how = sandbox([sys.executable, str(folder / "run.py"), str(export), str(folder)], folder)
    (folder / "sandbox.txt").write_text(how)
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    (folder / "run.log").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return folder / "plain.html"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the planted export, its database, both reports and the executed notebooks."""
    return shared_build(tmp_path_factory, "hostile-export", _build).parent


class _Markup(html.parser.HTMLParser):
    """Every element and attribute of an HTML fragment, to find markup that came from the data."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("img", "iframe", "svg", "style", "body", "object", "embed"):
            self.bad.append(f"<{tag}>")
        if tag == "script" and a.get("type") != "application/json":
            self.bad.append("<script>")
        self.bad += [f"{tag} {k}=" for k, _ in attrs if k.startswith("on")]
        self.bad += [f"{tag} {k}={v}" for k, v in attrs if v and v.strip().lower().startswith("javascript:")]


def test_network_was_never_tried(built: Path) -> None:
    assert (built / "network.log").read_text() == "", "something tried to reach the network"
    assert (built / "sandbox.txt").read_text().startswith("python-guard")
    assert not external_refs((built / "plain.html").read_text())


def test_ingest_and_analyses_with_sockets_blocked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process, with every socket operation raising: ingest and every analysis still complete."""
    from linkedin_audit.build import run_ingest
    from linkedin_audit.synth import generate

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network use: {args!r}")

    export = next(p for p in generate(tmp_path / "export", scale="tiny", seed=9) if p.is_dir())
    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    summary = run_ingest([export], tmp_path / "db.duckdb", progress=False)
    assert summary.table_rows["connections"] > 0


def test_executed_notebooks_hold_no_payload_as_markup(built: Path) -> None:
    executed = sorted((built / "executed").glob("*.ipynb"))
    assert len(executed) == len(NOTEBOOKS)
    shown = 0
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                fragment = output.get("data", {}).get("text/html")
                if fragment is None:
                    continue
                fragment = "".join(fragment) if isinstance(fragment, list) else fragment
                for payload in PAYLOADS:
                    assert payload not in fragment, f"{path.name}: raw payload {payload!r}"
                    shown += html.escape(payload) in fragment
                parser = _Markup()
                parser.feed(fragment)
                assert parser.bad == [], f"{path.name}: markup from the data: {parser.bad[:5]}"
    assert shown > 0, "the payloads should be shown, escaped"


def test_report_file_holds_no_payload_as_markup(built: Path) -> None:
    page = (built / "plain.html").read_text()
    for payload in PAYLOADS:
        assert payload not in page
    sections = re.findall(r"<section\b.*?</section>", page, flags=re.S)
    assert len(sections) >= len(NOTEBOOKS)
    for section in sections:
        parser = _Markup()
        parser.feed(section)
        assert parser.bad == [], parser.bad[:5]


@pytest.mark.browser
@needs_chromium
def test_no_payload_runs_in_any_section(built: Path) -> None:
    with chromium() as tools:
        seen = open_report(tools, built / "plain.html", timeout=180)
        assert seen["title"] == "LinkedIn networking audit", "a payload changed document.title"
        assert seen["rendered"] == seen["charts"] > 0, seen
        per_section = tools.evaluate("""(() => [...document.querySelectorAll('section')].map(s => ({
            id: s.id,
            injected: s.querySelectorAll('img, iframe, svg[onload], style, object, embed, body, ' +
                'a[href^="javascript"], script:not([type="application/json"]), [onerror], [onload]').length,
            text: s.innerText,
        })))()""")
        assert len(per_section) >= len(NOTEBOOKS)
        for section in per_section:
            assert section["injected"] == 0, section["id"]
        text = "\n".join(s["text"] for s in per_section)
        visible = [p for p in PAYLOADS if p in text]
        assert len(visible) >= 4, f"payloads shown as text: {visible}"
        logs = [
            json.dumps(ev.get("params", {}).get("args"))
            for ev in tools.events
            if ev.get("method") == "Runtime.consoleAPICalled"
        ]
        assert not [line for line in logs if "pwned" in line], logs
        assert tools.console_errors() == []
        assert tools.evaluate("getComputedStyle(document.body).display") != "none"


def _export_identities(export: Path) -> tuple[set[str], set[str], set[str]]:
    """Every person's full name, profile URL and e-mail in the export's CSVs (the oracle for --redact)."""
    names: set[str] = set()
    urls: set[str] = set()
    emails: set[str] = set()
    for path in export.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        urls |= set(re.findall(r"linkedin\.com/in/[\w%-]+", text))
        emails |= set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
        lines = text.split("\n")
        start = next((i for i, ln in enumerate(lines) if ln.startswith("First Name")), 0)
        for row in csv.DictReader(io.StringIO("\n".join(lines[start:]))):
            for first, last in (("First Name", "Last Name"), ("Endorser First Name", "Endorser Last Name")):
                if row.get(first) or row.get(last):
                    names.add(f"{row.get(first) or ''} {row.get(last) or ''}".strip())
            for col in ("From", "To"):
                if row.get(col):
                    names.add(row[col])
            if "/in/" in (row.get("SENDER PROFILE URL") or ""):
                names.add(row["FROM"])
    names.discard("")
    return names - set(PAYLOADS), urls, emails  # a payload is also a company, a note, a message...


def test_redacted_report_names_nobody(built: Path) -> None:
    export = next(p for p in (built / "export").iterdir() if p.is_dir())
    names, urls, emails = _export_identities(export)
    assert len(names) > 50 and len(urls) > 50 and emails
    page = html.unescape((built / "redacted.html").read_text())
    leaked = sorted(v for v in names | urls | emails if v in page)
    assert leaked == [], f"{len(leaked)} identities in the redacted report: {leaked[:10]}"
    plain = html.unescape((built / "plain.html").read_text())
    assert sum(n in plain for n in names) > 10, "the unredacted report names people (the oracle works)"
    assert re.findall(r"person-[0-9a-f]{6}", page), "pseudonyms stand in for the names"


def test_files_are_private(built: Path) -> None:
    for name in ("hostile.duckdb", "plain.html", "redacted.html"):
        assert stat.S_IMODE((built / name).stat().st_mode) == 0o600, name
    assert not list(built.glob("hostile.duckdb.wal")), "the WAL is checkpointed away"


def test_build_and_wal_are_private_while_ingesting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mid-ingest (inside the transaction), the temporary build and any WAL are already 0600."""
    import linkedin_audit.analyses as analyses
    from linkedin_audit.build import run_ingest
    from linkedin_audit.synth import generate

    export = next(p for p in generate(tmp_path / "export", scale="tiny", seed=9) if p.is_dir())
    db_dir = tmp_path / "data"
    seen: dict[str, int] = {}
    original = analyses.materialize_all

    def spy(con, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.update({p.name: stat.S_IMODE(p.stat().st_mode) for p in db_dir.iterdir() if p.is_file()})
        return original(con, *args, **kwargs)

    monkeypatch.setattr(analyses, "materialize_all", spy)
    run_ingest([export], db_dir / "db.duckdb", progress=False)
    assert any(".tmp-" in n for n in seen), seen
    assert set(seen.values()) == {0o600}, seen
    run_ingest(
        [plant(Path(shutil.copytree(export, tmp_path / "Complete_LinkedInDataExport_04-30-2026")))],
        db_dir / "db.duckdb",
        progress=False,
    )
    assert stat.S_IMODE((db_dir / "db.duckdb").stat().st_mode) == 0o600
    assert seen and set(seen.values()) == {0o600}, seen
    assert stat.S_IMODE(db_dir.stat().st_mode) & 0o077 == 0, "the folder it created is private too"


def test_pseudonyms_are_keyed_per_report() -> None:
    """Stable within a report, but not a plain hash: a guessed name cannot be checked against a shared
    report, and two reports cannot be linked."""
    import hashlib

    from linkedin_audit.report.redaction import pseudonym

    first = pseudonym("Jane Roe", "a" * 32)
    assert first == pseudonym(" jane roe", "a" * 32) and first != pseudonym("John Doe", "a" * 32)
    assert hashlib.sha256(b"person:jane roe").hexdigest()[:6] not in str(first)
    assert pseudonym("Jane Roe", "b" * 32) != first
