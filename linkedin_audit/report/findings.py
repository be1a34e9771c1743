"""The report's opening screen: whose export, the findings worst first, what to do next, the checklist,
and what changed since the previous export.

Why a module: the sentences are built from `audit_summary`, `risk_checklist`, `audit_history`,
`network_changes` and the action lists with the metric catalog's labels and formats, once, here; the
overview notebook only calls `opening(con, redacted)` and the like. Every text from the data is escaped."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from linkedin_audit import metric_catalog as mc
from linkedin_audit.analyses.history import changes, same_rules
from linkedin_audit.config import thresholds_in_use
from linkedin_audit.db import first_row
from linkedin_audit.db import relation_exists as exists
from linkedin_audit.report import action_lists as al
from linkedin_audit.report import behaviours
from linkedin_audit.report import checklist_words as words
from linkedin_audit.report.notebook_helpers import HTML, escape
from linkedin_audit.report.summary_rows import Row, counted, summary_rows

MAX_FINDINGS = 7
SHOWN_THIN = 6
"""Measures with too little data named in the opening note; more wait behind "which ones"."""
MIN_FINDINGS = 5
PENDING_MEASURES = ("not_accepted_invite_share", "pending_invites", "invite_acceptance_rate")


@dataclass(frozen=True)
class Finding:
    metric: str
    value: float | None
    status: str
    sentence: str
    change: str | None = None
    direction: str | None = None  # "better", "worse" or None


def _summary(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return summary_rows(con)


EARLIER_RULES = (
    "compare with the previous export's numbers as an earlier version of linkedin-audit measured them: "
    "its rules may differ, so no change is called better or worse"
)
"""Said once under the findings when the previous export's numbers were computed by other rules
(analyses/history.same_rules): a change may be ours, not the member's."""


def change_text(metric: str, before: float | None, after: float | None) -> tuple[str | None, str | None]:
    """("up from 90%", "worse") for a metric's change since the previous export; (None, None) when there
    is nothing to compare."""
    if before is None or after is None:
        return (
            (None, None)
            if before is None and after is None
            else ("no value at the previous export" if before is None else "no value now", None)
        )
    cv = metric in words.CV_MEASURES  # a coefficient of variation in words, never "at 0.00"
    shown = words.gaps_in_words if cv else lambda v: mc.format_value(metric, v)
    if shown(before) == shown(after):
        return "unchanged since the previous export" + ("" if cv else f", at {shown(before)}"), None
    up = after > before
    better = mc.BY_ID[metric].better if metric in mc.BY_ID else None
    direction = None if better is None else ("better" if up == (better == "higher") else "worse")
    if cv:
        return f"at the previous export {shown(before)}", direction
    return f"{'up' if up else 'down'} from {shown(before)} at the previous export", direction


def findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Five to seven findings, worst first (high, watch, fine, context; the catalog's priority within), one
    per behaviour (report/behaviours.py)."""
    rows = [r for r in _summary(con) if r[1] is not None and r[2] != "not_enough_data" and r[0] in mc.BY_ID]
    rows.sort(key=lambda r: (mc.STATUS_RANK.get(r[2], 9), mc.BY_ID[r[0]].priority))
    months = thresholds_in_use(con).recent_months  # the recent span: past behaviour is said with it
    groups = behaviours.grouped(rows, months)  # one behaviour, one finding: its worst measure decides
    alarming = [g for g in groups if g[0][2] in ("high", "watch")]
    chosen = alarming[:MAX_FINDINGS]
    # room left on the opening screen goes to what else is true (replies, ties), fine or context
    # (a quiet burst says nothing: "1 message in one hour" never takes a place)
    rest = [g for g in groups if g not in chosen and behaviours.says_something(g)]
    chosen += rest[: max(MIN_FINDINGS, MAX_FINDINGS) - len(chosen)]
    before = {m: (b, s) for m, b, _a, s, _s2 in changes(con)}
    upgraded = not same_rules(con)  # the previous export was measured by other rules: no better/worse
    out = []
    for row, composed, n_measures in chosen:
        metric, value, status = row.metric, row.value, row.status
        text = composed or mc.sentence(metric, value)
        if composed is None and mc.BY_ID[metric].unit == "share" and (counts := counted(row)):
            text = f"{text[:-1]} ({counts})."  # "... (35 of 70 conversations you started)."
        if composed is None:  # a lone measure of past behaviour says so too (copy-pasted messages)
            text = behaviours.past_share(row, text, months)
        change, direction = (
            change_text(metric, before[metric][0], value) if metric in before else (None, None)
        )
        if upgraded:  # EARLIER_RULES says why, once
            direction = None
        if change and n_measures > 1:  # the finding stands for several measures: say whose change it is
            change = f"{mc.label(metric)}: {change}"
        out.append(Finding(metric, value, status, text, change, direction))
    return out


def thin_data(con: duckdb.DuckDBPyConnection) -> tuple[int, int, list[str]]:
    """(metrics with too little data, all metrics, their labels)."""
    rows = _summary(con)
    thin = [mc.label(r.metric) for r in rows if r.status == "not_enough_data"]
    return len(thin), len(rows), thin


def owner_line(con: duckdb.DuckDBPyConnection, redacted: bool) -> str:
    """Whose export and which dates (the owner's name only in an unredacted report)."""
    dates = [r[0] for r in con.execute("SELECT export_date FROM exports ORDER BY export_date").fetchall()]
    owner = None
    if exists(con, "me") and not redacted:
        row = first_row(con.execute("SELECT name FROM me"))
        owner = row[0] if row else None
    who = f"{owner}'s LinkedIn export" if owner else "Your LinkedIn export"
    if not dates:
        return f"{who}: nothing ingested yet."
    if len(dates) == 1:
        return f"{who} of {dates[0]:%d %B %Y}."
    return (
        f"{who} of {dates[-1]:%d %B %Y}, compared with the previous one of {dates[-2]:%d %B %Y} "
        f"({len(dates)} exports in the history)."
    )


def opening(con: duckdb.DuckDBPyConnection, redacted: bool) -> HTML:
    """Whose export, then the findings list with each one's status in words and its change."""
    items = []
    found = findings(con)
    for f in found:
        change = ""
        if f.change:
            cls = f" la-change-{f.direction}" if f.direction else ""
            change = f' <span class="la-change{cls}">({escape(f.change)})</span>'
        items.append(
            f'<li><span class="la-status la-status-{escape(f.status)}">'
            f"{escape(mc.STATUS_WORDS[f.status].split(':')[0])}</span> {escape(f.sentence)}{change}"
            f'<details class="la-details"><summary>what this measures</summary>'
            f"{escape(mc.info(f.metric).meaning)} SQL: <code>{escape(f.metric)}</code> in "
            f"<code>audit_summary</code>.</details></li>"
        )
    n_thin, n_all, labels = thin_data(con)
    thin = ""
    if n_thin:
        lead = (
            "Most measures have too little data to say anything"
            if n_thin * 2 > n_all
            else f"{n_thin} of {n_all} measures have too little data to say anything"
        )
        named = escape(", ".join(labels))
        short = len(labels) <= SHOWN_THIN  # a long list waits behind a click: the screen is the findings'
        thin = (
            f'<div class="la-note la-note-missing"><p>{escape(lead)}{f" ({named})" if short else ""}. '
            "That is not a clean bill of health: a longer history or more activity would be needed.</p>"
            + ("" if short else f'<details class="la-details"><summary>which ones</summary>{named}</details>')
            + "</div>"
        )
    body = (
        f'<ol class="la-findings">{"".join(items)}</ol>'
        if items
        else (
            '<div class="la-note la-note-missing"><p>No measure has enough data for a finding yet.</p></div>'
        )
    )
    if any(f.change for f in found) and not same_rules(con):
        said = f"The changes in brackets {EARLIER_RULES}."
        body += f'<div class="la-note la-note-warning"><p>{escape(said)}</p></div>'
    return HTML(f'<p class="la-owner"><strong>{escape(owner_line(con, redacted))}</strong></p>{body}{thin}')


def _row(con: duckdb.DuckDBPyConnection, metric: str) -> Row:
    for row in _summary(con):
        if row.metric == metric:
            return row
    return Row(metric, None, "not_enough_data", "")


def _value(con: duckdb.DuckDBPyConnection, metric: str) -> tuple[float | None, str]:
    row = _row(con, metric)
    return row.value, row.status


CANNED_WORDS = {
    "no note": "no note",
    "default text": "LinkedIn's stock text",
    "template": "a copy-pasted note",
}


def _canned_kinds(follow: pl.DataFrame | None) -> str:
    """What the canned invitations of the follow list were, in words: "no note", "no note or a copy-pasted
    note" (a recruiter's copy-pasted notes are notes, just not personal ones)."""
    kinds = [] if follow is None else follow["note"].unique().to_list()
    words = [w for k, w in CANNED_WORDS.items() if k in kinds] or ["no note"]
    return ", ".join(words[:-1]) + (" or " if len(words) > 1 else "") + words[-1]


def actions(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """The three or four most useful actions (text, anchor of its list), most pressing first."""
    lists = al.all_lists(con)
    size = {k: (0 if f is None else f.height) for k, f in lists.items()}
    candidates: list[tuple[int, str, str]] = []
    canned = _value(con, "canned_stranger_invites_per_month")
    if size["list-follow"] >= thresholds_in_use(con).min("follow_advice"):  # not for 3 or 4 invitations
        rank = 0 if canned[1] in ("high", "watch") else 3
        candidates.append(
            (
                rank,
                f"Follow instead of connecting: you invited {size['list-follow']:,} "
                f"{'people' if size['list-follow'] > 1 else 'person'} with a canned "
                f"invitation ({_canned_kinds(lists['list-follow'])}) and have never talked to them since. "
                "Next time, follow people you do not know, or write them a personal note.",
                "list-follow",
            )
        )
    if size["list-unanswered"]:  # the last [recent] months only; the older ones counted (action_lists)
        months, older = thresholds_in_use(con).recent_months, al.unanswered_older(con)
        candidates.append(
            (
                1,
                (
                    f"Answer the {size['list-unanswered']:,} conversations that real people started and "
                    f"you never replied to, newest first: those with a message in the last {months} months"
                    if size["list-unanswered"] > 1
                    else "Answer the conversation a real person started that you never replied to (a "
                    f"message in the last {months} months)"
                )
                + (f" ({older:,} older one{'s are' if older > 1 else ' is'} not listed)." if older else "."),
                "list-unanswered",
            )
        )
    pending = _value(con, "pending_invites")  # the trigger's one verdict (analyses/acceptance.py)
    if size["list-pending"] and pending[1] in ("high", "watch"):
        candidates.append(
            (
                2,
                f"Withdraw the {size['list-pending']:,} invitation{'s' * (size['list-pending'] > 1)} pending "
                "for more than three weeks: many ignored invitations are a restriction trigger.",
                "list-pending",
            )
        )
    if size["list-dormant"]:
        candidates.append(
            (
                4,
                f"Revive {size['list-dormant']:,} dormant tie{'s' * (size['list-dormant'] > 1)}: people you "
                "once talked to often. A job change (below) is a reason to write that is not a template.",
                "list-dormant",
            )
        )
    # only the templates whose copy-pasted verdict is watch or high (the messages' share behind its volume
    # guard, `[minimum] templated_messages_30d`): one introduction 30 times over two years is no finding,
    # and no advice either
    alarming = {
        kind
        for kind, metric in (
            ("message", "templated_message_share"),
            ("invitation note", "templated_invite_share"),
        )
        if _value(con, metric)[1] in ("high", "watch")
    }
    templates = lists["list-templates"]
    rewrite = 0 if templates is None else templates.filter(pl.col("kind").is_in(sorted(alarming))).height
    if rewrite:
        candidates.append(
            (
                5,
                (
                    f"Rewrite your {rewrite:,} templates, starting with the ones that got the fewest replies "
                    "or acceptances."
                    if rewrite > 1
                    else "Rewrite your template: people can tell a copy-pasted text."
                ),
                "list-templates",
            )
        )
    candidates.sort()
    return [(text, anchor) for _r, text, anchor in candidates[:4]]


def actions_html(con: duckdb.DuckDBPyConnection) -> HTML:
    items = "".join(
        f'<li>{escape(text)} <a href="#{escape(anchor)}">Go to the list</a></li>'
        for text, anchor in actions(con)
    )
    if not items:
        return HTML('<div class="la-note"><p>No list has anything to act on.</p></div>')
    return HTML(f'<ul class="la-actions">{items}</ul>')


def checklist(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """risk_checklist sorted by severity, each row with the measure its trigger names, in plain words."""
    if not exists(con, "risk_checklist"):
        return None
    frame = con.sql("SELECT trigger, measure, value, status, measures, context FROM risk_checklist").pl()
    summary = {r.metric: r for r in _summary(con)}
    pending_row = summary.get("pending_invites", Row("pending_invites", None, "not_enough_data", ""))
    pending, total = pending_row.value, pending_row.denominator
    share, _s = _value(con, "not_accepted_invite_share")
    months = thresholds_in_use(con).recent_months

    def measured(metric: str, value: float | None) -> str:
        if value is None:
            return "too little data"
        if metric in PENDING_MEASURES and pending is not None and share and total:  # one verdict, two numbers
            return f"{pending:,.0f} of {total:,.0f} invitations not accepted ({mc.format_share(share)})"
        if metric == "invite_acceptance_rate":  # the trigger is about ignored or pending invitations
            extra = f", {pending:,.0f} invitations" if pending is not None else ""
            return f"{mc.format_share(1 - value)} ignored or still pending{extra}"
        row = summary.get(metric, Row(metric, value, "info", ""))
        return words.measured(row, months)

    rows = []
    for t, m, v, s, ms, cs in frame.iter_rows():
        shown, more = words.evidence(tuple(ms), tuple(cs), summary, months, first=m)
        rows.append({"trigger": t, "measured": measured(m, v), "status": s, "evidence": shown, "more": more})
    schema = {c: pl.String for c in ("trigger", "measured", "status", "evidence", "more")}
    return pl.DataFrame(rows, schema=schema).sort(
        pl.col("status").replace_strict(mc.STATUS_RANK, default=9), maintain_order=True
    )


def appendix(con: duckdb.DuckDBPyConnection) -> HTML:
    """Every headline number with its label, value, status and meaning; the SQL id in a `<code>`."""
    rows = sorted(_summary(con), key=lambda r: (mc.STATUS_RANK.get(r[2], 9), mc.label(r[0])))
    if not rows:
        return HTML(
            '<div class="la-note la-note-missing"><p>No headline numbers yet: run '
            "<code>linkedin-audit analyse</code>.</p></div>"
        )
    body = "".join(
        f'<tr><td>{escape(mc.label(m))}</td><td class="la-num">{escape(mc.format_value(m, v))}</td>'
        f'<td><span class="la-status la-status-{escape(s)}">{escape(mc.STATUS_WORDS.get(s, s).split(":")[0])}'
        f"</span></td><td>{escape(mc.BY_ID[m].meaning if m in mc.BY_ID else '')} {escape(d)}</td>"
        f'<td><details class="la-details"><summary>SQL</summary><code>{escape(m)}</code></details></td></tr>'
        for m, v, s, d, *_structured in rows
    )
    head = (
        "<tr><th>measure</th><th>value</th><th>status</th><th>what it is, from what</th><th>SQL id</th></tr>"
    )
    return HTML(
        f'<div class="la-scroll"><table class="la-table"><thead>{head}</thead><tbody>{body}</tbody>'
        "</table></div>"
    )
