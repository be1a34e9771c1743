"""Synthetic databases for the report tests: a small random history (optionally full of markup payloads)
and an export with nothing in it. Built on tests/model_fixtures.py plus the analyses; never real data."""

from __future__ import annotations

import datetime as dt
import html.parser
import json
import os
import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb
from model_fixtures import model_db

from linkedin_audit import build_version
from linkedin_audit.build import run_analyses, run_ingest
from linkedin_audit.synth import generate

EXPORT_DATE = dt.date(2026, 3, 1)
NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def demo_db(path: Path, seed: int = 3, people: int = 80, payloads: Sequence[str] = ()) -> Path:
    """A small random history: connections, invitations and conversations with replies. `payloads`, when
    given, become (in turn) every name, company, position, note, message and title: markup that must stay
    text everywhere in the report."""
    rng = random.Random(seed)
    start = dt.datetime(2024, 6, 1)
    persons = [{"person_id": 1, "name": "Owner Example", "url_key": "linkedin.com/in/owner", "is_me": True}]
    conns, invites, messages = [], [], []
    mid = 0
    for pid in range(2, people + 2):
        hostile = payloads[pid % len(payloads)] if payloads else None
        name = hostile or f"Person {pid}"
        key = f"linkedin.com/in/p{pid}"
        persons.append({"person_id": pid, "name": name, "url_key": key, "is_connection": pid % 5 != 0})
        sent = start + dt.timedelta(days=rng.randint(0, 600), minutes=rng.randint(0, 1440))
        if pid % 5 != 0:
            conns.append(
                {
                    "person_id": pid,
                    "name": name,
                    "first_name": name,
                    "last_name": "",
                    "url_key": key,
                    "company": hostile or rng.choice(["Acme", "Globex", "Initech", "Umbrella"]),
                    "position": hostile or rng.choice(["Engineer", "Manager", "Designer"]),
                    "connected_on": (sent + dt.timedelta(days=rng.randint(0, 5))).date(),
                }
            )
        invites.append(
            {
                "invitation_id": pid,
                "direction": "outgoing" if pid % 3 else "incoming",
                "sent_at": sent,
                "counterparty_person_id": pid,
                "counterparty_name": name,
                "counterparty_url_key": key,
                "message": hostile if hostile else (None if pid % 2 else "Hi, let us connect"),
            }
        )
        if pid % 2 == 0:
            first = sent + dt.timedelta(days=rng.randint(1, 30), hours=rng.randint(8, 17))
            conv = f"c{pid}"
            for k in range(rng.randint(1, 4)):
                mid += 1
                mine = k % 2 == 0
                messages.append(
                    {
                        "message_id": mid,
                        "conversation_id": conv,
                        "conversation_title": hostile,
                        "sender_name": "Owner Example" if mine else name,
                        "sender_url_key": "linkedin.com/in/owner" if mine else key,
                        "sender_person_id": 1 if mine else pid,
                        "recipient_url_keys": [key] if mine else ["linkedin.com/in/owner"],
                        "sent_at": first + dt.timedelta(hours=k * rng.randint(1, 50)),
                        "content": hostile or "Hello there",
                        "content_text": hostile or "Hello there",
                        "is_from_me": mine,
                        "folder": "INBOX",
                    }
                )
    con = duckdb.connect(str(path))
    model_db(
        con=con,
        export_date=EXPORT_DATE,
        me={"person_id": 1, "name": "Owner Example", "url_key": "linkedin.com/in/owner"},
        people=persons,
        connections=conns,
        invitations=invites,
        messages=messages,
    )
    run_analyses(con)
    build_version.stamp(con)  # a model and analyses of this code (report refuses another version's)
    con.close()
    return path


def empty_db(path: Path) -> Path:
    """One export and nothing else in it: every notebook must say so in words and not fail."""
    con = duckdb.connect(str(path))
    model_db(con=con, export_date=EXPORT_DATE)
    build_version.stamp(con)
    con.close()
    return path


class _Refs(html.parser.HTMLParser):
    """Collects every reference a browser would fetch: script src, link href, img src, CSS url()/@import."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(f"script {a['src']}")
        if tag == "link" and a.get("href"):
            self.refs.append(f"link {a['href']}")
        if tag in ("img", "iframe", "source", "video", "audio") and a.get("src"):
            self.refs.append(f"{tag} {a['src']}")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.refs += [
                f"css {u}"
                for u in re.findall(r"url\(([^)]*)\)|@import\s+['\"]?([^'\";]+)", data)
                for u in u
                if u
            ]


def external_refs(page: str) -> list[str]:
    parser = _Refs()
    parser.feed(page)
    return [r for r in parser.refs if re.search(r"(https?:)?//", r.split(" ", 1)[1])]


def shared_build(factory: Any, name: str, build: Callable[[Path], Path]) -> Path:
    """Build an artefact once per test session even under pytest-xdist: the workers share the parent of
    their base temp folder, and a lock lets the first build while the others wait and reuse its result."""
    import fcntl

    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / f"shared-{name}"
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / "DONE"
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                result = build(folder)
                done.write_text(str(result))
            return Path(done.read_text())
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def two_export_history(factory: Any) -> tuple[Path, dict[str, Any]]:
    """The generator's tiny two-export 2026 history (seed 11), ingested one export at a time, oldest first, as
    a monthly refresh would: (its database, the truth of its newest export). Built once per test session (the
    report's action lists and the network history both read it); read it, never write it."""

    def build(folder: Path) -> Path:
        generate(folder / "exports", scale="tiny", era=2026, history=2, seed=11, zip=True)
        truth = json.loads(next((folder / "exports").glob("*.truth.json")).read_text())
        db = folder / "db.duckdb"
        for export in truth["exports"]:
            run_ingest([folder / "exports" / export["name"]], db, progress=False)
        return db

    db = shared_build(factory, "two-export-history", build)
    truth: dict[str, Any] = json.loads(next((db.parent / "exports").glob("*.truth.json")).read_text())
    return db, truth


def era_history(factory: Any, era: int) -> tuple[Path, list[Path]]:
    """The generator's tiny two-export history of an era (seed 5, folders), ingested one export at a time,
    oldest first, with the analyses, as a monthly refresh would: (its database, the export folders by name;
    their truth files are beside them). Built once per test session (test_contracts checks its contracts,
    test_engagement its activity against the truth); read it, never write it."""

    def build(folder: Path) -> Path:
        paths = generate(folder / "export", scale="tiny", era=era, history=2, seed=5, zip=False)
        db = folder / "db.duckdb"
        for path in [Path(p) for p in paths if Path(p).is_dir()]:
            run_ingest([path], db, analyse=True, progress=False)
        return db

    db = shared_build(factory, f"era-{era}-history", build)
    return db, sorted(p for p in (db.parent / "export").iterdir() if p.is_dir())
