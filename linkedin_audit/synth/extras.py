"""The rest of a real-looking archive: profile, positions, education, account files, and the
Complete-only activity files (CRLF, Comments with unquoted continuation lines, UTF-16 TSV in 2018,
member-id suffixes in 2026). None of it carries truth beyond the owner's employers (shared-employer
matching); it is there so the archive looks and ingests like a real one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from linkedin_audit.synth import engagement, messy
from linkedin_audit.synth.formats import csv_bytes, java_date, slash_utc, us_dt, utf16_tsv
from linkedin_audit.synth.plan import DAY

if TYPE_CHECKING:
    from linkedin_audit.synth.shapes import ExportInProgress


def profile_files(w: ExportInProgress) -> dict[str, bytes]:
    me, era, end = w.owner, w.era, w.end
    out: dict[str, bytes] = {}
    if era == 2018:
        out["Profile.csv"] = csv_bytes(
            [
                "First Name",
                "Last Name",
                "Maiden Name",
                "Address",
                "Birth Date",
                "Contact Instructions",
                "Headline",
                "Summary",
                "Industry",
                "Country",
                "Zip Code",
                "Geo Location",
                "Twitter Handles",
                "Websites",
                "Instant Messengers",
            ],
            [
                [
                    me.first,
                    me.last,
                    "",
                    "",
                    "Jul 04, 1988",
                    "",
                    "Head of Data",
                    "I measure things.",
                    "Computer Software",
                    "SE",
                    "",
                    w.p.geo_location,
                    "",
                    "",
                    "",
                ]
            ],
        )
    else:
        out["Profile.csv"] = csv_bytes(
            [
                "First Name",
                "Last Name",
                "Maiden Name",
                "Address",
                "Birth Date",
                "Headline",
                "Summary",
                "Industry",
                "Zip Code",
                "Geo Location",
                "Twitter Handles",
                "Websites",
                "Instant Messengers",
            ],
            [
                [
                    me.first,
                    me.last,
                    "",
                    "",
                    "Jul 04",
                    "Head of Data at Northwind Analytics",
                    "I measure things, including myself.",
                    "Software Development",
                    "",
                    w.p.geo_location,
                    "",
                    "",
                    "",
                ]
            ],
        )
    trail = " " if era == 2018 else ""
    out["Positions.csv"] = csv_bytes(
        ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
        [[c + trail, title, "", "Stockholm", s, f] for c, title, s, f in w.p.positions],
    )
    out["Education.csv"] = csv_bytes(
        ["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"],
        [["University of Example", "2008", "2013", "", "Master of Science", "Chess club"]],
    )
    out["Skills.csv"] = csv_bytes(["Name"], [["Data Analysis"], ["SQL"], ["Python"], ["Statistics"]])
    out["Languages.csv"] = csv_bytes(
        ["Name", "Proficiency"],
        [["English", "Full professional proficiency"], ["Swedish", "Native or bilingual proficiency"]],
    )
    out["Email Addresses.csv"] = csv_bytes(
        ["Email Address", "Confirmed", "Primary", "Updated On"],
        [[f"{me.slug.split('-')[0]}@example.com", "Yes", "Yes", us_dt(end - 900 * DAY)]],
        final_newline=False,
    )
    phones = "Phone Numbers.csv" if era == 2018 else "PhoneNumbers.csv"
    out[phones] = csv_bytes(["Extension", "Number", "Type"], [["", "+46 70 000 00 00", "Mobile"]])
    if era == 2018:
        out["Registration.csv"] = csv_bytes(
            [
                "Registration Date",
                "Registration IP Address",
                "Invited by (First Name)",
                "Invited by (Last Name)",
                "Subscription Types",
            ],
            [[us_dt(end - 3000 * DAY), "192.0.2.10", "", "", "Basic"]],
        )
    else:
        out["Registration.csv"] = csv_bytes(
            ["Registered At", "Registration Ip", "Subscription Types"],
            [[us_dt(end - 3000 * DAY), "192.0.2.10", "Basic"]],
        )
        out["Company Follows.csv"] = csv_bytes(
            ["Organization", "Followed On"],
            [
                [c, java_date(end - (40 + 97 * i) * DAY)]
                for i, c in enumerate(("Kestrel Labs", "Nimbus Cloud"))
            ],
            final_newline=False,
        )
    return out


def activity_files(w: ExportInProgress) -> dict[str, bytes]:
    """Complete-archive files: the member's activity (synth/engagement.py: CRLF, Comments with unquoted
    continuation lines, numbered parts, the member-id suffix in 2026), the UTF-16 TSV legacy files."""
    era, end = w.era, w.end
    out: dict[str, bytes] = {}
    stamps = [end - (3 + 29 * i) * DAY - 3600 * (i % 9) for i in range(6)]
    if era == 2018:
        out["Logins.csv"] = utf16_tsv(
            ["Login Date", "IP Address", "User Agent", "Login Type"],
            [[slash_utc(t), "192.0.2.20", "Mozilla/5.0", "WEB"] for t in stamps],
        )
        out["Search Queries.csv"] = utf16_tsv(
            ["Time", "Search Query"],
            [[slash_utc(t), q] for t, q in zip(stamps, ("data jobs", "duckdb", "team lead"), strict=False)],
        )
        out["Account Status History.csv"] = utf16_tsv(
            ["Time", "Event"], [[slash_utc(end - 3000 * DAY), "Account created"]]
        )
        out.update(engagement.files(w))
        return out
    out.update(engagement.files(w))
    out["SearchQueries.csv"] = messy.search_queries_csv(stamps)
    out["Logins.csv"] = csv_bytes(
        ["Login Date", "IP Address", "User Agent", "Login Type"],
        [[java_date(t), "192.0.2.20", "Mozilla/5.0", "WEB"] for t in stamps],
    )
    if era == 2022:
        out["Account Status History.csv"] = utf16_tsv(
            ["Time", "Event"], [[slash_utc(end - 3000 * DAY), "Account created"]]
        )
    return out
