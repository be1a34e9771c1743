"""What linkedin-audit remembers between commands, in the user's state folder: the database the last ingest
wrote (`last-db`), read by notebooks started anywhere (report/locate.py), and crash logs (cli/failures.py)."""

from __future__ import annotations

import os
from pathlib import Path

STATE_ENV = "XDG_STATE_HOME"
STATE_NAME = "last-db"


def state_dir() -> Path:
    """$XDG_STATE_HOME/linkedin-audit, else ~/.local/state/linkedin-audit (the XDG default)."""
    base = os.environ.get(STATE_ENV) or str(Path.home() / ".local" / "state")
    return Path(base) / "linkedin-audit"


def state_file() -> Path:
    return state_dir() / STATE_NAME


def record_last_db(db: Path) -> None:
    """Remember the database an ingest just wrote, so notebooks started anywhere find it. Best effort:
    a read-only home, or a state file that is not a regular file, must not fail an ingest that succeeded
    (the file is then left as it is)."""
    from linkedin_audit.errors import UserError
    from linkedin_audit.safe_write import private_dir, write_text

    try:
        target = state_file()
        private_dir(target.parent)  # 0700: it names where the member's data is
        write_text(target, f"{Path(db).resolve()}\n", "the state file")  # 0600, a regular file only
    except (OSError, UserError):
        pass


def last_db() -> Path | None:
    """The database the last ingest recorded, if the record exists and the file is still there."""
    try:
        text = state_file().read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = Path(text) if text else None
    return path if path is not None and path.exists() else None
