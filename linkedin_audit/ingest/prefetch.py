"""Exports opened in turn for the ingest: each extracted into its own work folder and its members prepared
for read_csv, the next one on a worker thread while the current one loads."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from linkedin_audit.ingest import archive, copies, prepare_csv


@dataclass
class OpenedExport:
    """An export extracted into its own work folder and every member prepared for read_csv."""

    path: Path
    workdir: Path
    export: archive.Export
    prepared: list[prepare_csv.PreparedFile]
    notes: list[str] = field(default_factory=list)
    copies: dict[str, str] = field(default_factory=dict)
    """member left out as a copy -> the member loaded instead (ingest/copies.py)."""


def open_prepared(path: Path, use: tuple[str, ...] = ()) -> OpenedExport:
    """Extract and prepare one export (pure Python and zlib, which release the GIL for DuckDB's thread);
    a second copy of a file is not prepared (ingest/copies.py)."""
    workdir = Path(tempfile.mkdtemp(prefix="linkedin-audit-"))
    try:
        export = archive.open_export(path, workdir)
        choice = copies.choose(export.members, use)
        prepared = [
            prepare_csv.prepare(m, workdir)
            if m.path not in choice.copies
            else prepare_csv.PreparedFile(m, archive.REGISTRY.match(m.path), "copy")
            for m in export.members
        ]
        return OpenedExport(path, workdir, export, prepared, choice.notes, choice.copies)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise


@contextmanager
def opened_in_turn(paths: Sequence[Path], use: tuple[str, ...] = ()) -> Iterator[Generator[OpenedExport]]:
    """The exports opened one after the other, the next one extracted on a worker thread while the caller
    loads the current one into DuckDB (extraction takes ~1.2 s per max-scale export, in one thread: hidden
    behind the load). At most two exports are extracted on disk at once; every work folder is deleted, on
    failure too."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")
    pending: list[Future[OpenedExport]] = []

    def each() -> Generator[OpenedExport]:
        if paths:
            pending.append(pool.submit(open_prepared, paths[0], use))
        for i in range(len(paths)):
            if i + 1 < len(paths):
                pending.append(pool.submit(open_prepared, paths[i + 1], use))
            opened = pending[0].result()  # still pending while waited for: an interrupt here cleans it up
            pending.pop(0)
            try:
                yield opened
            finally:
                shutil.rmtree(opened.workdir, ignore_errors=True)

    opened = each()
    try:
        yield opened
    finally:
        opened.close()  # deletes the work folder of the export being loaded when the caller failed
        for future in pending:  # a failure left the prefetched export behind: wait for it, then delete it
            try:
                shutil.rmtree(future.result().workdir, ignore_errors=True)
            except BaseException:  # noqa: S110 - its own error is moot once an earlier export failed
                pass
        pool.shutdown(wait=True)
