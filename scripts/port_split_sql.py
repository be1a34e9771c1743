"""Re-apply a branch's edits of SQL files that the SQL graph split or moved (one relation per file) to the
pieces that now hold that text. The pieces kept the SQL byte for byte, so each hunk of the branch's diff
applies to exactly one piece (found by trying them in turn; `patch` finds the offset).

    python scripts/port_split_sql.py BRANCH            # apply what fits, list what does not
    python scripts/port_split_sql.py BRANCH --dry-run  # only say where each hunk would go

Run it in the worktree after `git merge BRANCH` took the graph's side for the old paths (they no longer
exist). A hunk that fits no piece (its context changed) is printed for applying by hand."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

SQL = "linkedin_audit/ingest/sql"
SPLITS = {
    "model/00_identity.sql": [
        "meta/00_to_names.sql",
        "meta/00_owner_names.sql",
        "meta/00_owner_key.sql",
        "meta/00_person_mentions.sql",
        "meta/00_name_to_person_key.sql",
    ],
    "model/01_person_ids.sql": ["meta/01_person_ids.sql", "meta/01_person_lookup.sql"],
    "model/06_message_senders.sql": ["model/06_message_senders.sql", "model/06_message_owner.sql"],
    "model/10_owner_history.sql": [
        "model/10_positions.sql",
        "model/10_education.sql",
        "model/10_profile.sql",
    ],
    "model/11_activity.sql": [
        "model/11_company_follows.sql",
        "model/11_member_follows.sql",
        "model/11_reactions.sql",
        "model/11_comments.sql",
        "model/11_shares.sql",
    ],
    "model/12_contacts.sql": ["model/12_contacts.sql", "model/12_email_addresses.sql"],
    "staging/18_follows.sql": ["staging/18_company_follows.sql", "staging/18_member_follows.sql"],
    "staging/19_activity.sql": [
        "staging/19_reactions.sql",
        "staging/19_comments.sql",
        "staging/19_shares.sql",
    ],
    "staging/20_contacts.sql": ["staging/20_contacts.sql", "staging/20_email_addresses.sql"],
    "intermediate/90_owner.sql": ["meta/90_owner_by_export.sql"],
}
"""Old path -> the files holding its SQL now (relative to linkedin_audit/ingest/sql)."""


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


def _hunks(diff: str) -> list[str]:
    hunks: list[str] = []
    for line in diff.splitlines(keepends=True):
        if line.startswith("@@"):
            hunks.append(line)
        elif hunks and line[:1] in (" ", "+", "-", "\\"):
            hunks[-1] += line
    return hunks


def _patch(target: Path, hunk: str, dry_run: bool) -> bool:
    with tempfile.NamedTemporaryFile("w", suffix=".diff", delete=False) as f:
        f.write(f"--- {target}\n+++ {target}\n{hunk}")
    args = ["patch", "--forward", "--fuzz=0", "--no-backup-if-mismatch", "-r", "-", str(target), f.name]
    done = subprocess.run([*args[:1], "--dry-run", *args[1:]], capture_output=True, text=True)
    if done.returncode == 0 and not dry_run:
        subprocess.run(args, capture_output=True, text=True, check=True)
    Path(f.name).unlink()
    return done.returncode == 0


def main(branch: str, dry_run: bool) -> int:
    base = _git("merge-base", "HEAD", branch).strip()
    left = 0
    for old, pieces in SPLITS.items():
        diff = _git("diff", "-U3", base, branch, "--", f"{SQL}/{old}")
        for hunk in _hunks(diff):
            home = next((p for p in pieces if _patch(Path(SQL) / p, hunk, dry_run=True)), None)
            if home is None:
                left += 1
                print(f"{old}: this hunk fits none of {', '.join(pieces)}; apply it by hand:\n{hunk}")
                continue
            _patch(Path(SQL) / home, hunk, dry_run)
            print(f"{old} -> {home}: {'fits' if dry_run else 'applied'} ({hunk.splitlines()[0]})")
    return 1 if left else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], "--dry-run" in sys.argv[2:]))
