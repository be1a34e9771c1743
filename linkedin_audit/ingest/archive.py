"""Open an export (ZIP or folder): list and fingerprint its files, refuse what is unsafe, extract what may be
an export file. ZIP members are extracted to a private work directory after safety checks (no path escapes, no
zip bombs); each file is then prepared for DuckDB by prepare_csv.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from linkedin_audit.errors import UserError
from linkedin_audit.ingest.schedule import export_date_from_name as linkedin_date
from linkedin_audit.ingest.sources import REGISTRY

MAX_TOTAL_UNCOMPRESSED = 8 * 1024**3  # 8 GiB: far above the largest real export
MAX_RATIO = 200  # compression ratio past which a big member is treated as a zip bomb
BOMB_FLOOR = 100 * 1024**2  # below this size (per member, or in all) any ratio is harmless
GLOB = re.compile(r"[*?\[\]{}]")
"""Characters DuckDB's readers expand as a pattern; no path containing one is given to read_csv."""
SUPPORTED_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_EXPORT_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")


@dataclass
class Member:
    """One file of the export: its path inside the archive/folder and where its bytes are on disk."""

    path: str
    disk_path: Path
    size: int
    crc: int


@dataclass
class Export:
    name: str
    source: Path
    members: list[Member]
    fingerprint: str
    date_from_name: dt.date | None


def export_date_from_name(name: str) -> dt.date | None:
    """`Complete_LinkedInDataExport_11-04-2018.zip` -> 2018-11-04 (US order, docs/export-format.md 1.1)."""
    for match in reversed(list(_EXPORT_DATE.finditer(name))):
        month, day, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _fingerprint(items: list[tuple[str, int, int]]) -> str:
    """sha256 over (path, size, CRC-32) of every member: a ZIP carries the CRCs, so re-ingesting an unchanged
    export is recognised without reading it; a folder's CRCs are computed (about 1 GB/s)."""
    digest = hashlib.sha256()
    for path, size, crc in sorted(items):
        digest.update(f"{path.lower()}\0{size}\0{crc:08x}\n".encode())
    return digest.hexdigest()


COPY_CHUNK = 1 << 16
"""Bytes per read when a member is extracted or a file's CRC computed. A chunk this small is served from the
heap again and again; one of 4 MiB was mapped fresh by each read: 400 MB of messages cost ~0.5 s more system
CPU (47,000 page faults) than in 64 KiB chunks, as much as the inflating itself."""


def _crc_file(path: Path) -> int:
    crc = 0
    buffer = bytearray(COPY_CHUNK)
    view = memoryview(buffer)
    with path.open("rb") as fh:
        while n := fh.readinto(buffer):
            crc = zlib.crc32(view[:n], crc)
    return crc


def _safe_member_name(name: str) -> str:
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts or re.match(r"^[A-Za-z]:", name):
        raise UserError(f"the ZIP member {name!r} points outside the archive; refusing to read this archive")
    return str(posix)


def _supported(path: Path, info: zipfile.ZipInfo) -> None:
    """One sentence for a ZIP feature LinkedIn's exports never use, before anything is extracted."""
    if info.flag_bits & 0x1:
        raise UserError(
            f"{path.name} is password-protected ({info.filename} is encrypted); LinkedIn's "
            "exports are not: unzip it yourself and ingest the folder"
        )
    if info.compress_type not in SUPPORTED_COMPRESSION:
        method = {9: "deflate64", 12: "bzip2", 14: "lzma", 93: "zstandard", 98: "ppmd"}.get(
            info.compress_type, f"method {info.compress_type}"
        )
        raise UserError(
            f"{path.name}: member {info.filename} is compressed with {method}, which Python's "
            "zipfile cannot read (LinkedIn uses deflate): unzip it yourself and ingest the "
            "folder"
        )


def scan_zip(path: Path) -> tuple[list[zipfile.ZipInfo], str]:
    """List a ZIP's files and fingerprint it without extracting anything."""
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise UserError(f"{path.name} is not a readable ZIP file (truncated or not a ZIP)") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
    for info in infos:
        _safe_member_name(info.filename)
        _supported(path, info)
    total = sum(i.file_size for i in infos)
    packed = max(sum(i.compress_size for i in infos), 1)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise UserError(
            f"{path.name} would expand to {total / 1024**3:.1f} GiB, more than any LinkedIn export"
        )
    for info in infos:
        if info.file_size > BOMB_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise UserError(
                f"{path.name}: member {info.filename} expands {ratio}x; refusing a likely zip bomb"
            )
    if total > BOMB_FLOOR and total > MAX_RATIO * packed:
        # many members, each under the floor, that together still expand absurdly
        raise UserError(
            f"{path.name} expands {total // packed}x to {total / 1024**2:,.0f} MB; refusing a likely zip bomb"
        )
    if not infos:
        raise UserError(f"{path.name} is an empty ZIP archive")
    return infos, _fingerprint([(i.filename, i.file_size, i.CRC) for i in infos])


def scan_folder(path: Path) -> tuple[list[Path], str]:
    """The folder's files, refusing what is not a regular file inside it: a file of the export that is a
    FIFO, a device or a folder (`Connections.csv/`), and a symlink that leaves the export folder (it would
    load a private file from elsewhere)."""
    root = path.resolve()
    files = []
    for p in sorted(path.rglob("*")):
        if p.name.startswith("."):
            continue
        if p.is_symlink():
            target = p.resolve()
            if not target.is_relative_to(root):
                raise UserError(
                    f"{p.relative_to(path).as_posix()} in {path.name} is a symlink to {target}, "
                    "outside the export folder; refusing to read it (copy the file in instead)"
                )
        if p.is_file():
            files.append(p)
        elif REGISTRY.match(p.name) is not None and not _inside_dir_named_like_file(p, path):
            kind = "a folder" if p.is_dir() else "not a regular file (a FIFO, socket or device)"
            raise UserError(
                f"{p.relative_to(path).as_posix()} in {path.name} is {kind}, not a CSV file; "
                "refusing this export"
            )
    if not files:
        raise UserError(f"the folder {path} holds no files; expected an unzipped LinkedIn export")
    items = [(p.relative_to(path).as_posix(), p.stat().st_size, _crc_file(p)) for p in files]
    return files, _fingerprint(items)


def _inside_dir_named_like_file(p: Path, root: Path) -> bool:
    """True for the contents of a folder already refused (only the outermost odd entry is named)."""
    return any(
        REGISTRY.match(parent.name) is not None for parent in p.relative_to(root).parents if parent.name
    )


def check_input(path: Path) -> None:
    """An input is a folder or a regular file: a FIFO or a device (`/dev/zero`) is refused before any
    byte is read (is_zipfile would read it forever)."""
    if not path.exists():
        raise UserError(f"{path} does not exist")
    if path.is_dir():
        return
    if not path.is_file():
        raise UserError(
            f"{path} is not a regular file or folder (a FIFO, socket or device); give the "
            "export's ZIP or its unzipped folder"
        )
    if not zipfile.is_zipfile(path):
        with path.open("rb") as fh:
            if fh.read(4) == b"PK\x03\x04":  # a ZIP's first member, but no directory at the end
                raise UserError(f"{path} is a truncated or damaged ZIP archive; download the export again")
        raise UserError(f"{path} is neither a ZIP archive nor a folder")


class FolderOfExports(NamedTuple):
    """What a folder that is not an export itself stands for (`exports_in_folder`)."""

    exports: list[Path]
    """Its ZIPs and unzipped folders named like LinkedIn's exports, oldest first."""
    passed_over: list[Path]
    """The other ZIPs and folders at its top level: not ingested, and said so."""


def exports_in_folder(path: Path) -> FolderOfExports:
    """A folder of exports (a Downloads folder, a folder of monthly exports, ZIPs or unzipped): when no file
    at its top level is an export file and something there is named like LinkedIn's exports
    (`Basic_`/`Complete_LinkedInDataExport_MM-DD-YYYY`, the rule `refresh` picks by), it stands for those
    ZIPs and folders, oldest first. A single unzipped one is read as before, through the folder, so its
    fingerprint (and "already ingested" for an earlier ingest) stays. Dot files (a Mac's `._NAME.zip`) are
    never looked at, nor is anything below the top level. Nothing for an unzipped export (a stray ZIP among
    its CSVs stays a stray file) or a folder without such a name (read as before). An export's own files
    beside such exports are refused: which was meant cannot be told, and guessing would lose one or mix two
    members' data."""
    if not path.is_dir():
        return FolderOfExports([], [])
    entries = sorted(p for p in path.iterdir() if not p.name.startswith("."))
    named = [
        p
        for p in entries
        if linkedin_date(p.name) is not None and (p.is_dir() or (p.is_file() and p.suffix.lower() == ".zip"))
    ]
    if not named or (len(named) == 1 and named[0].is_dir()):
        return FolderOfExports([], [])  # one unzipped export a level down: read as before (same fingerprint)
    loose = [p.name for p in entries if p.is_file() and _wanted(p.name)]
    if loose:
        files = ", ".join(loose[:3]) + (", ..." if len(loose) > 3 else "")
        exports = ", ".join(p.name for p in named[:3]) + (", ..." if len(named) > 3 else "")
        raise UserError(
            f"{path.name} holds both an export's own files ({files}) and exports named like LinkedIn's "
            f"({exports}); which one is meant cannot be told: move the loose files into a folder of their "
            "own, or ingest the exports by name"
        )
    others = [p for p in entries if p not in named and (p.is_dir() or p.suffix.lower() == ".zip")]
    return FolderOfExports(sorted(named, key=lambda p: (linkedin_date(p.name), p.name)), others)


def fingerprint_of(path: Path) -> str:
    """The export's fingerprint, cheaply (used to make re-ingest a fast no-op)."""
    if path.is_dir():
        return scan_folder(path)[1]
    return scan_zip(path)[1]


def open_export(path: Path, workdir: Path) -> Export:
    """Open a ZIP or a folder; ZIP members are extracted into `workdir` (which the caller deletes)."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"{path} does not exist")
    name = path.name
    if path.is_dir():
        files, fp = scan_folder(path)
        members = [Member(p.relative_to(path).as_posix(), p, p.stat().st_size, 0) for p in files]
    else:
        infos, fp = scan_zip(path)
        members = []
        with zipfile.ZipFile(path) as zf:
            for n, info in enumerate(infos):
                if not _wanted(info.filename):  # not an export file: listed, never extracted
                    members.append(
                        Member(_safe_member_name(info.filename), workdir / "-", info.file_size, info.CRC)
                    )
                    continue
                # a short literal name: no pattern character, no name too long for the file system
                target = workdir / f"member_{n:04d}.csv"
                try:
                    with zf.open(info) as src, target.open("wb") as dst:
                        while chunk := src.read(COPY_CHUNK):
                            dst.write(chunk)
                except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
                    raise UserError(f"{name}: member {info.filename} cannot be read ({exc})") from None
                members.append(Member(_safe_member_name(info.filename), target, info.file_size, info.CRC))
    return Export(
        name=name, source=path, members=members, fingerprint=fp, date_from_name=export_date_from_name(name)
    )


def _wanted(name: str) -> bool:
    """Whether a ZIP member may be an export file (by its name, a copy's name, or an article): only those are
    extracted. A ZIP of 100,000 junk members costs a listing, not 100,000 files on disk."""
    from linkedin_audit.ingest.sources.spec import copy_stem

    base = PurePosixPath(name.replace("\\", "/")).name
    lower = name.lower()
    return (
        REGISTRY.match(base) is not None
        or REGISTRY.match(copy_stem(base) or base) is not None
        or (lower.endswith(".html") and "articles/" in lower)
    )
