"""The synthetic LinkedIn export generator with known truth.

`generate()` plans a member's life (life.py / plan.py), writes K exports of it in an era's format
(writers.py), and writes beside them a truth file computed from the plan (truth.py): the bundled sample,
the tests' data and the benchmark's load all come from here. Same arguments, same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from linkedin_audit.config import load_thresholds
from linkedin_audit.errors import UserError
from linkedin_audit.synth import companies, engagement, life, network, truth, truth_sending, truth_verdicts
from linkedin_audit.synth.keys import name_key, url_key
from linkedin_audit.synth.plan import DAY, ERAS, OWNER, SYSTEM, Plan, scale_for
from linkedin_audit.synth.writers import ExportWriter, iso_utc

__all__ = ["generate", "build_plan", "export_name", "ERAS"]

Progress = Callable[[str, float], None]


def export_name(plan: Plan, k: int, days_early: int = 0) -> str:
    """The export's archive name; `days_early` dates the name that many days before the export (a copy
    renamed by hand: the ingest must date it by its data and say so)."""
    d = plan.export_dates[k] - dt.timedelta(days=days_early)
    return f"Complete_LinkedInDataExport_{d:%m-%d-%Y}"


def newest_record_day(plan: Plan, k: int) -> dt.date:
    """The UTC day of export k's newest message, invitation or connection: what the ingest dates it by when
    its name says an earlier day."""
    end = plan.export_start(k)
    lo = plan.invite_windows[k]
    times = [t for t in plan.m_t if t < end]
    times += [i.t for i in plan.invitations if lo <= i.t < end]
    days = [t // DAY for t in times]
    days += [
        p.connected_on
        for p in plan.people[1:]
        if p.connected_on is not None and p.connected_on < end // DAY and network.listed(plan, k, p.idx)
    ]
    return dt.date(1970, 1, 1) + dt.timedelta(days=max(days))


def build_plan(
    scale: str = "tiny",
    era: int = 2026,
    history: int = 1,
    seed: int = 0,
    progress: Progress | None = None,
    days_apart: int | None = None,
    half_hour_zone: bool = False,
) -> Plan:
    """The member's life and exports; successive exports are 100-140 days apart, or `days_apart` (a monthly
    exporter: 30)."""
    if era not in ERAS:
        raise UserError(f"--era must be one of {', '.join(map(str, ERAS))}, not {era}.")
    if not 1 <= history <= 12:
        raise UserError(f"--history must be between 1 and 12, not {history}.")
    if days_apart is not None and not 1 <= days_apart <= 365:
        raise UserError(f"--days-apart must be between 1 and 365, not {days_apart}.")
    try:
        scale_for(scale)
    except ValueError as err:
        raise UserError(
            f"--scale must be tiny, small, typical, receiver, max, max:F (a fraction of max) or a number of "
            f"connections from 20 to 30000, not {scale!r}."
        ) from err
    return life.build(seed, scale, era, history, progress, days_apart, half_hour_zone)


def _chunks(data: bytes | Iterator[bytes]) -> Iterator[bytes]:
    if isinstance(data, bytes):
        yield data
    else:
        yield from data


def _zip(path: Path, files: dict[str, bytes | Iterator[bytes]], date: dt.date) -> None:
    """Sorted entries, fixed timestamps and attributes: the same files give the same archive bytes."""
    with zipfile.ZipFile(path, "w") as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(date.year, date.month, date.day, 0, 0, 0))
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w", force_zip64=True) as f:
                for chunk in _chunks(files[name]):
                    f.write(chunk)


def generate(
    out: Path,
    scale: str = "tiny",
    era: int = 2026,
    history: int = 1,
    seed: int = 0,
    zip: bool = False,
    progress: Progress | None = None,
    days_apart: int | None = None,
    renamed_days: int = 0,
    half_hour_zone: bool = False,
) -> list[Path]:
    """Write the exports (zips or folders) and the truth files into `out`; return the paths written.
    `renamed_days`: the newest export's name is dated that many days early (a renamed copy);
    `half_hour_zone`: the owner lives in India (UTC+5:30; Profile.csv says Bengaluru, except in 2018)."""
    if not 0 <= renamed_days <= 3650:
        raise UserError(f"--renamed-days must be between 0 and 3650, not {renamed_days}.")
    report = progress or (lambda _s, _f: None)
    plan = build_plan(scale, era, history, seed, report, days_apart, half_hour_zone)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    per_export: list[dict[str, Any]] = []
    last = len(plan.export_dates) - 1
    for k in range(len(plan.export_dates)):
        early = renamed_days if k == last else 0
        name = export_name(plan, k, early)
        files = ExportWriter(plan, k).files()
        report(f"writing {name}", 0.9 + 0.08 * (k + 1) / len(plan.export_dates))
        if zip:
            path = out / f"{name}.zip"
            _zip(path, files, plan.export_dates[k])
        else:
            path = out / name
            for member in sorted(files):
                target = path / member
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as f:
                    for chunk in _chunks(files[member]):
                        f.write(chunk)
        written.append(path)
        per_export.append(
            {
                "name": path.name,
                "export_date": plan.export_dates[k].isoformat(),
                "name_date": (plan.export_dates[k] - dt.timedelta(days=early)).isoformat(),
                # the date the ingest records: the name's, or the newest record's day when that is later
                "expected_export_date": max(
                    plan.export_dates[k] - dt.timedelta(days=early), newest_record_day(plan, k)
                ).isoformat(),
                "counts": export_counts(plan, k),
            }
        )
    stem = export_name(plan, last, renamed_days)
    doc = truth_document(plan, scale, per_export)
    tpath = out / f"{stem}.truth.json"
    tpath.write_text(json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    cpath = out / f"{stem}.truth-templates.csv"
    cpath.write_bytes(templates_csv(plan))
    report("done", 1.0)
    return [*written, tpath, cpath]


def export_counts(plan: Plan, k: int) -> dict[str, int]:
    """Row counts of export k, as the writers filter them (cumulative history, recent invitations)."""
    end = plan.export_start(k)
    lo = plan.invite_windows[k]
    conns = [
        p
        for p in plan.people[1:]
        if p.connected_on is not None and p.connected_on < end // DAY and network.listed(plan, k, p.idx)
    ]
    inv = [i for i in plan.invitations if lo <= i.t < end]
    msgs = [i for i, t in enumerate(plan.m_t) if t < end]
    return {
        "connections": len(conns),
        "hidden_connections": sum(p.hidden for p in conns),
        "invitations_outgoing": sum(i.outgoing for i in inv),
        "invitations_incoming": sum(not i.outgoing for i in inv),
        "messages": len(msgs),
        "sent_messages": sum(plan.m_sender[i] == OWNER and not plan.m_draft[i] for i in msgs),
        "drafts": sum(plan.m_draft[i] for i in msgs),
        "endorsements": sum(e[1] < end for e in plan.endorsements),
        "recommendations": sum(r[1] < end for r in plan.recommendations),
    }


def truth_document(plan: Plan, scale: str, per_export: list[dict[str, Any]]) -> dict[str, Any]:
    th = load_thresholds()
    owner = plan.people[OWNER]
    summary = truth.expected_summary(plan, th)
    inferred = summary.pop("_inferred_tz_offset_hours")
    verdicts = truth_verdicts.expected_verdicts(summary, th, plan)
    table = truth.conversation_table(plan)  # cached on the plan by expected_summary
    acts = engagement.truth(plan, engagement.cold_starts(table))
    summary.update(engagement.expected_metrics(acts, th.min("invitations")))
    n = len(plan.m_t)
    convs = {plan.convs[c].cid for c in plan.m_conv if plan.convs[c].cid}
    kinds = truth.invitation_kinds(plan)
    by_kind: dict[str, dict[str, int]] = {"outgoing": {}, "incoming": {}}
    for inv, kind in zip(plan.invitations, kinds, strict=True):
        d = by_kind["outgoing" if inv.outgoing else "incoming"]
        d[kind] = d.get(kind, 0) + 1
    conns = [p for p in plan.people[1:] if p.connected_on is not None]
    visible = [p for p in conns if not p.hidden]
    counts = {
        "connections": len(conns),
        "connections_visible": len(visible),
        "hidden_connections": len(conns) - len(visible),
        "invitations_outgoing": sum(i.outgoing for i in plan.invitations),
        "invitations_incoming": sum(not i.outgoing for i in plan.invitations),
        "messages": n,
        "sent_messages": sum(plan.m_sender[i] == OWNER and not plan.m_draft[i] for i in range(n)),
        "drafts": sum(plan.m_draft),
        "sponsored": sum(plan.convs[c].kind == "sponsored" for c in plan.m_conv),
        "spam_messages": sum(plan.convs[c].kind == "spam" for c in plan.m_conv),
        "hidden_sender_messages": sum(s == -1 for s in plan.m_sender),
        "conversations": len(convs),
        "conversations_excluded": sum(r["excluded"] for r in table),
        "conversations_marketing": sum(r["marketing"] for r in table),
        # sent messages that are not the member's words (their text_kind in message_templates)
        "sent_text_kinds": plan.cache.get("linkedin_words", {}),
        # lines with no sender (LinkedIn's own, a deleted account): they decide nothing about a conversation
        "system_lines": sum(s == SYSTEM for s in plan.m_sender),
        # the member's answers in a live exchange, left out of the automation measures (docs/metrics.md)
        "live_answers": len(truth_sending.live_answers(plan)),
        "conversations_started_by_me": sum(r["starter"] == OWNER and not r["excluded"] for r in table),
        "group_conversations": sum(len(c.members) > 2 for c in plan.convs if c.cid),
        "endorsements_received": sum(e[0] == "received" for e in plan.endorsements),
        "endorsements_given": sum(e[0] == "given" for e in plan.endorsements),
        "recommendations_received": sum(r[0] == "received" for r in plan.recommendations),
        "recommendations_given": sum(r[0] == "given" for r in plan.recommendations),
    }
    return {
        "seed": plan.seed,
        "era": plan.era,
        "scale": scale,
        "as_of": iso_utc(plan.as_of),
        "exports": per_export,
        "owner": {
            "name": owner.name,
            "profile_url": owner.url,
            "url_key": url_key(owner.url),
            "tz_offset_hours": plan.tz_offset_hours,
            "inferred_tz_offset_hours": inferred,
            "geo_location": plan.geo_location,
            "geo_zone": plan.geo_zone,
        },
        "counts": counts,
        "expected_summary": summary,
        # the statuses a person reads (docs/metrics.md "From measures to verdicts") and the advice they get
        "expected_verdicts": verdicts,
        "expected_advice": truth_verdicts.expected_advice(plan, kinds, verdicts, th, summary),
        "multi_sends": [
            {"start": iso_utc(min(plan.m_t[i] for i in g)), "recipients": len({plan.m_conv[i] for i in g})}
            for g in plan.multi_sends
        ],
        "bursts": [
            {**b, "start": iso_utc(int(b["start"])), "end": iso_utc(int(b["end"]))} for b in plan.bursts
        ],
        "clockwork": {
            **plan.clockwork,
            "start": iso_utc(int(plan.clockwork["start"])),
            "end": iso_utc(int(plan.clockwork["end"])),
        },
        # 2018 only: notes a minute apart on a clock without seconds, a person typing and no clockwork run
        "quick_sequence": (
            {
                "start": iso_utc(plan.cache["quick_sequence"][0]),
                "end": iso_utc(plan.cache["quick_sequence"][1]),
                "count": plan.cache["quick_sequence"][2],
            }
            if "quick_sequence" in plan.cache
            else None
        ),
        "tie_classes": {url_key(p.url): p.tie_class for p in visible},
        "tie_classes_by_name": {name_key(p.name): p.tie_class for p in visible},
        # a connection who wrote on five days and was never answered: dormant by the rule, not worth reviving
        "one_sided_inbound": url_key(plan.people[plan.cache["one_sided_inbound"]].url),
        # conversations holding a system line (no sender name): counted as the people's conversations they are
        "system_line_conversations": plan.cache.get("system_lines", []),
        # a connection named exactly like the owner (another person; no URL in pre-2023 Connections.csv)
        "owner_namesake": {
            "name": plan.people[plan.cache["owner_namesake"]].name,
            "url_key": url_key(plan.people[plan.cache["owner_namesake"]].url),
            "connected_on": dt.date.fromordinal(
                dt.date(1970, 1, 1).toordinal() + plan.people[plan.cache["owner_namesake"]].connected_on
            ).isoformat(),
        },
        "invitations_by_kind": by_kind,
        "network_changes": network.expected_changes(plan),
        "employers": companies.expected_employers(plan),
        "engagement": acts,
        "notes": (
            "Times are UTC. Invitation times have minute resolution (and message times too in the 2018 "
            "era). tie_classes are the planted archetypes; expected_summary follows docs/metrics.md."
        ),
    }


def templates_csv(plan: Plan) -> bytes:
    """One row per sent message and per invitation note, with its effective template label or empty."""
    msg_labels, inv_labels = truth.effective_labels(plan)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "stream",
            "direction",
            "conversation_id",
            "counterparty_url",
            "counterparty_name",
            "sent_at",
            "label",
        ]
    )
    for i in range(len(plan.m_t)):
        if plan.m_sender[i] == OWNER and not plan.m_draft[i]:
            w.writerow(
                [
                    "message",
                    "outgoing",
                    plan.convs[plan.m_conv[i]].cid,
                    "",
                    "",
                    iso_utc(plan.m_t[i]),
                    msg_labels[i],
                ]
            )
    for inv, lab in zip(plan.invitations, inv_labels, strict=True):
        if inv.note:
            q = plan.people[inv.person]
            w.writerow(
                [
                    "invitation_note",
                    "outgoing" if inv.outgoing else "incoming",
                    "",
                    q.url,
                    q.name,
                    iso_utc(inv.t),
                    lab,
                ]
            )
    return buf.getvalue().encode("utf-8")
