"""Pick the newest export in a folder, for scheduled refreshes (cron / systemd timer).

LinkedIn names archives `Basic_LinkedInDataExport_MM-DD-YYYY.zip` / `Complete_...` (US date order). Only
what is named so is a candidate (another ZIP in a downloads folder is not an export), and only with a date
not in the future: a stray `..._12-31-2099.zip` would otherwise be "newest" on every run. The newest is
chosen by that date; on the same date a Complete archive wins over a Basic one (it holds more files)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from linkedin_audit.errors import UserError

_NAME_DATE = re.compile(
    r"(?P<kind>Basic|Complete)?_?LinkedInDataExport_(?P<m>\d{2})-(?P<d>\d{2})-(?P<y>\d{4})", re.IGNORECASE
)


def export_date_from_name(name: str) -> dt.date | None:
    """The date in an export's archive or folder name (MM-DD-YYYY), or None."""
    match = _NAME_DATE.search(name)
    if not match:
        return None
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _sort_key(path: Path) -> tuple[dt.date, int, str]:
    date = export_date_from_name(path.name)
    assert date is not None
    complete = 1 if path.name.lower().startswith("complete") else 0
    return date, complete, path.name


def newest_export(folder: Path, today: dt.date | None = None) -> Path:
    """The newest LinkedIn export (ZIP or unzipped folder) directly inside `folder`, dated by its name no
    later than tomorrow (LinkedIn's date may be a day ahead of the local one)."""
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder: give the folder your LinkedIn exports are downloaded to")
    latest = (today or dt.date.today()) + dt.timedelta(days=1)
    named = [
        p
        for p in folder.iterdir()
        if ((p.suffix.lower() == ".zip" and p.is_file()) or p.is_dir())
        and export_date_from_name(p.name) is not None
    ]
    candidates = [p for p in named if (export_date_from_name(p.name) or dt.date.max) <= latest]
    if not candidates:
        future = f" ({len(named)} dated in the future, ignored)" if named else ""
        raise UserError(
            f"no LinkedIn export (Basic_/Complete_LinkedInDataExport_MM-DD-YYYY .zip or folder) "
            f"in {folder}{future}"
        )
    return max(candidates, key=_sort_key)
