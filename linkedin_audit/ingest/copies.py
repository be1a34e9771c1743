"""Copies are not data: one file of the export present twice (a Finder copy `messages 2.csv`, a browser's
`messages (1).csv`, `backup/Connections.csv` beside `Connections.csv`) is loaded once.

Of the members that are one kind of file, the originals are those in the shallowest folder (the first by
name where several are equally shallow) under a name that is not a copy's; LinkedIn's own split parts
(`Name_1.csv`, `Name_2.csv`, export-format.md 1.2) sit there too and are all kept. Every other member is a
copy: an identical one (same size and CRC-32) is left out and reported; a differing one is left out,
reported by name with the file used instead, and can be chosen with `--use MEMBER` (then it replaces the
originals of its kind)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from linkedin_audit.ingest.archive import Member
from linkedin_audit.ingest.sources import REGISTRY
from linkedin_audit.ingest.sources.spec import copy_stem


def _kind(member: Member) -> str | None:
    base = PurePosixPath(member.path).name
    spec = REGISTRY.match(copy_stem(base) or base)
    return spec.name if spec is not None and base.lower().endswith(".csv") else None


def _crc(member: Member) -> int:
    if member.crc:
        return member.crc
    crc = 0
    with member.disk_path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            crc = zlib.crc32(chunk, crc)
    return crc


@dataclass
class Choice:
    load: list[Member]
    copies: dict[str, str] = field(default_factory=dict)
    """member left out -> the member loaded instead."""
    notes: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)


def choose(members: list[Member], use: tuple[str, ...] = ()) -> Choice:
    """Which members to load (see the module docstring), and one sentence per copy left out."""
    groups: dict[str, list[Member]] = {}
    for m in members:
        kind = _kind(m)
        if kind is not None:
            groups.setdefault(kind, []).append(m)
    chosen = Choice([])
    left_out: set[str] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        # The originals share one folder: LinkedIn's split parts never sit in two folders, so `a/` and `b/`
        # each holding a Connections.csv (two exports unzipped into one folder) are a copy of each other.
        depth = min(len(PurePosixPath(m.path).parts) for m in group)
        shallow = [
            m
            for m in group
            if len(PurePosixPath(m.path).parts) == depth and copy_stem(PurePosixPath(m.path).name) is None
        ]
        home = min((PurePosixPath(m.path).parent for m in shallow), default=None)
        originals = [m for m in shallow if PurePosixPath(m.path).parent == home] or [group[0]]
        picked = [m for m in group if m.path in use]
        if picked:
            originals = picked
        first = originals[0]
        sums = {(m.size, _crc(m)): m for m in originals}
        for m in group:
            if m in originals:
                continue
            left_out.add(m.path)
            same = sums.get((m.size, _crc(m)))
            if same is not None:
                chosen.copies[m.path] = same.path
                chosen.notes.append(f"{m.path} is an identical copy of {same.path}: loaded once")
            else:
                chosen.copies[m.path] = first.path
                chosen.differing.append(m.path)
                chosen.notes.append(
                    f"{m.path} differs from {first.path}; loaded {first.path} only "
                    f"(pass --use '{m.path}' to load that copy instead)"
                )
    chosen.load = [m for m in members if m.path not in left_out]
    return chosen
