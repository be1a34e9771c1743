"""Render one export of a plan in an era's exact format (docs/export-format.md): file names, headers,
quoting, line endings, missing final newlines, preamble, date formats, HTML in content.

Returns {member path: bytes or byte chunks}; packaging (zip or folder) is the caller's job. Deterministic: no
clocks, no dict-order surprises (rows come from the plan's lists in a fixed order)."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator

from linkedin_audit.synth import extras, network
from linkedin_audit.synth.formats import PREAMBLE, csv_bytes, csv_chunks, dmy, iso_utc, slash_utc, us_dt
from linkedin_audit.synth.plan import DAY, HIDDEN_SENDER, MARKETING, OWNER, SPONSOR, SYSTEM, Plan, job_in

__all__ = ["ExportWriter", "iso_utc"]


class ExportWriter:
    """The files of export `k` of a plan."""

    def __init__(self, plan: Plan, k: int) -> None:
        self.p, self.k, self.era = plan, k, plan.era
        self.end = plan.export_start(k)
        self.end_day = self.end // DAY
        self.inv_from = plan.invite_windows[k]
        self.owner = plan.people[OWNER]
        self.member_id = str(100_000 + plan.seed % 900_000)

    def files(self) -> dict[str, bytes | Iterator[bytes]]:
        f: dict[str, bytes | Iterator[bytes]] = {}
        f["Connections.csv"] = self.connections()
        f["Invitations.csv"] = self.invitations()
        f["Messages.csv" if self.era == 2018 else "messages.csv"] = self.messages()
        f.update(self.endorsements())
        f.update(self.recommendations())
        f.update(extras.profile_files(self))
        f.update(extras.activity_files(self))
        return f

    # ---- the core files ---------------------------------------------------------------------------------
    def connections(self) -> bytes:
        people = [
            q
            for q in self.p.people[1:]
            if q.connected_on is not None
            and q.connected_on < self.end_day
            and network.listed(self.p, self.k, q.idx)
        ]
        people.sort(key=lambda q: (-(q.connected_on or 0), q.idx))  # newest first
        with_url = self.era >= 2024
        rows = []
        for q in people:
            assert q.connected_on is not None
            if self.era == 2018:
                when = us_dt(q.connected_on * DAY + (q.idx * 7919) % 1440 * 60)
            else:
                when = dmy(q.connected_on)
            if q.hidden:
                rows.append(["", "", "", "", "", "", when] if with_url else ["", "", "", "", "", when])
                continue
            base = [q.first, q.last]
            if with_url:
                base.append(q.url)
            company, position = job_in(self.p, self.k, q.idx)
            rows.append([*base, q.email, company, position, when])
        header = ["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"]
        if with_url:
            header.insert(2, "URL")
        body = csv_bytes(header, rows, final_newline=False)
        return body if self.era == 2018 else PREAMBLE.encode() + body

    def invitations(self) -> bytes:
        header = ["From", "To", "Sent At", "Message", "Direction"]
        urls = self.era >= 2024
        if urls:
            header += ["inviterProfileUrl", "inviteeProfileUrl"]
        rows = []
        me = self.owner
        for inv in reversed(self.p.invitations):  # newest first
            if not (self.inv_from <= inv.t < self.end):
                continue
            q = self.p.people[inv.person]
            frm, to = (me, q) if inv.outgoing else (q, me)
            row = [frm.name, to.name, us_dt(inv.t), inv.note, "OUTGOING" if inv.outgoing else "INCOMING"]
            if urls:
                row += [frm.url, to.url]
            rows.append(row)
        return csv_bytes(header, rows)

    def _content(self, i: int, text: str) -> str:
        if text.startswith("<p class="):
            return text
        if self.era == 2018:
            return html.escape(text, quote=False)  # tags stripped in 2018, entities kept
        if i % 4 == 0:
            text = f"<p>{html.escape(text, quote=False)}</p>"
        if self.era == 2026 and i % 5 == 1:
            text = text.replace(". ", ".\n")  # real line breaks inside quoted CONTENT
        return text

    def messages(self) -> Iterator[bytes]:
        p = self.p
        by_conv: dict[int, list[int]] = defaultdict(list)
        for i, t in enumerate(p.m_t):
            if t < self.end:
                by_conv[p.m_conv[i]].append(i)
        order = sorted(by_conv, key=lambda c: (-max(p.m_t[i] for i in by_conv[c]), c))
        if self.era == 2018:
            header = ["From", "To", "Date", "Subject", "Content", "Direction", "Folder"]
        else:
            header = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO"]
            if self.era >= 2024:
                header.append("RECIPIENT PROFILE URLS")
            header += ["DATE", "SUBJECT", "CONTENT", "FOLDER"]
            header += {2024: ["IS MESSAGE DRAFT", "IS CONVERSATION DRAFT"], 2026: ["ATTACHMENTS"]}.get(
                self.era, []
            )
        return csv_chunks(header, self._message_rows(order, by_conv), quote_all=self.era == 2026)

    def _message_rows(self, order: list[int], by_conv: dict[int, list[int]]) -> Iterator[list[str]]:
        p = self.p
        people = p.people
        me = self.owner
        era = self.era
        for c in order:
            conv = p.convs[c]
            heads: dict[int, tuple[str, str, str, str]] = {}
            for i in sorted(by_conv[c], key=lambda i: (-p.m_t[i], -i)):  # newest first within a thread
                s = p.m_sender[i]
                if s not in heads:
                    if s == HIDDEN_SENDER:
                        s_name, s_url = "LinkedIn Member", ""
                    elif s in (SPONSOR, MARKETING):
                        s_name, s_url = conv.sponsor, ""
                    elif s == SYSTEM:
                        s_name, s_url = "", ""
                    else:
                        s_name, s_url = people[s].name, people[s].url
                    rec = [m for m in conv.members if m != s and m >= 0]
                    names = ", ".join(people[m].name for m in rec)
                    if not rec:  # the member answering a hidden sender or a sponsor
                        names = "LinkedIn Member" if HIDDEN_SENDER in conv.members else conv.sponsor
                    heads[s] = (s_name, s_url, names, ",".join(people[m].url for m in rec))
                s_name, s_url, to_names, to_urls = heads[s]
                content = self._content(i, p.m_text[i])
                if era == 2018:
                    folder = "SENT" if s == OWNER else ("ARCHIVED" if conv.folder == "ARCHIVE" else "INBOX")
                    yield [
                        s_name,
                        to_names,
                        us_dt(p.m_t[i]),
                        conv.subject,
                        content,
                        "OUTGOING" if s == OWNER else "INCOMING",
                        folder,
                    ]
                    continue
                draft = p.m_draft[i]
                row = [conv.cid, conv.title, s_name, s_url, to_names]
                if era >= 2024:
                    row.append(to_urls)
                row += [iso_utc(p.m_t[i]), conv.subject, content, "" if draft else conv.folder]
                if era == 2024:
                    row += ["Yes" if draft else "No", "No"]
                elif era == 2026:
                    att = (
                        f"https://www.linkedin.com/dms/prv/vid/v2/{i:08x}"
                        if i % 97 == 5 and s == me.idx
                        else ""
                    )
                    row.append(att)
                yield row

    def endorsements(self) -> dict[str, bytes]:
        rec: list[list[str]] = []
        giv: list[list[str]] = []
        for direction, t, who, skill in sorted(self.p.endorsements, key=lambda e: (-e[1], e[2])):
            if t >= self.end:
                continue
            q = self.p.people[who]
            row = [slash_utc(t), skill, q.first, q.last]
            if self.era >= 2024:
                row.append(q.url.removeprefix("https://"))
            row.append("ACCEPTED")
            (rec if direction == "received" else giv).append(row)
        out: dict[str, bytes] = {}
        if self.era >= 2024:
            out["Endorsement_Received_Info.csv"] = csv_bytes(
                [
                    "Endorsement Date",
                    "Skill Name",
                    "Endorser First Name",
                    "Endorser Last Name",
                    "Endorser Public Url",
                    "Endorsement Status",
                ],
                rec,
            )
            out["Endorsement_Given_Info.csv"] = csv_bytes(
                [
                    "Endorsement Date",
                    "Skill Name",
                    "Endorsee First Name",
                    "Endorsee Last Name",
                    "Endorsee Public Url",
                    "Endorsement Status",
                ],
                giv,
            )
        else:
            out["Endorsement_Received_Info.csv"] = csv_bytes(
                [
                    "Endorsement Date",
                    "Skill Name",
                    "Endorser First Name",
                    "Endorser Last Name",
                    "Endorsement Status",
                ],
                rec,
            )
        return out

    def recommendations(self) -> dict[str, bytes]:
        header = ["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"]
        rows: dict[str, list[list[str]]] = {"received": [], "given": []}
        for direction, t, who, text in self.p.recommendations:
            if t < self.end:
                q = self.p.people[who]
                status = "VISIBLE" if direction == "received" else ""
                rows[direction].append(
                    [q.first, q.last, q.company, q.position, text, us_dt(t, pad=True), status]
                )
        return {
            "Recommendations_Received.csv": csv_bytes(header, rows["received"]),
            "Recommendations_Given.csv": csv_bytes(header, rows["given"]),
        }

    # ---- the rest of a real-looking archive --------------------------------------------------------------
