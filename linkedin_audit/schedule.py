"""Pick the newest export in a folder, for scheduled refreshes (cron / systemd timer).

LinkedIn names archives `Basic_LinkedInDataExport_MM-DD-YYYY.zip` / `Complete_...` (US date order). The newest
is chosen by that date; an archive or folder without a date in its name falls back to its modification time.
On the same date a Complete archive wins over a Basic one (it holds more files)."""

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


def _sort_key(path: Path) -> tuple[dt.datetime, int, str]:
    date = export_date_from_name(path.name)
    when = (dt.datetime.combine(date, dt.time()) if date
            else dt.datetime.fromtimestamp(path.stat().st_mtime))
    complete = 1 if path.name.lower().startswith("complete") else 0
    return when, complete, path.name


def newest_export(folder: Path) -> Path:
    """The newest LinkedIn export (ZIP or unzipped folder) directly inside `folder`."""
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder: give the folder your LinkedIn exports are downloaded to")
    candidates = [p for p in folder.iterdir()
                  if (p.suffix.lower() == ".zip" and p.is_file())
                  or (p.is_dir() and export_date_from_name(p.name) is not None)]
    if not candidates:
        raise UserError(f"no LinkedIn export (.zip or LinkedInDataExport_* folder) in {folder}")
    return max(candidates, key=_sort_key)
