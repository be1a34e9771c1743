"""The ingest's progress bar (rich): one bar per export over its bytes, naming the file being read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO, cast

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class IngestProgress:
    """A rich progress bar over the bytes of each export (silent when progress=False)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> IngestProgress:
        if self.enabled:
            from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                DownloadColumn(),
                TimeElapsedColumn(),
                transient=True,
            )
            self._progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(None, None, None)

    def start(self, name: str, total: int) -> None:
        if self._progress is not None:
            self._task = self._progress.add_task(name, total=total)

    def file(self, member: str) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=f"reading {member}")

    def advance(self, size: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, size)

    def step(self, name: str) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=f"building {name}")


def console(stderr: bool = False):  # noqa: ANN201 - rich.console.Console, imported lazily
    """A rich console for summaries. Written to a pipe or a log (cron, `make ... > log`), rich would wrap at
    80 columns and cut file names in tables; there, use 160 columns (COLUMNS still wins when set).
    Never interprets markup: strings from the export are data (pass them through terminal.visible too)."""
    import os
    import sys

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    wide = not stream.isatty() and "COLUMNS" not in os.environ
    # markup, emoji and highlighting off: text from the export (`[/]`, `[link=...]`, `:x:`) prints as is
    # a reader who leaves (`linkedin-audit ingest ... | head -1`) never turns finished work into a failure
    return Console(
        file=cast(TextIO, LeftReader(stream)),
        width=160 if wide else None,
        markup=False,
        emoji=False,
        highlight=False,
    )


def reader_left(stream: TextIO) -> None:
    """Point `stream`'s file descriptor at /dev/null once its reader has left (`... | head -1`)."""
    import os

    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


class LeftReader:
    """A text stream (stderr, stdout) whose reader may leave (`linkedin-audit report 2>&1 | head`): once a
    write fails with a broken pipe, later writes are dropped, so progress output never stops the work it
    reports on (the report file is still written; before, the report hung). The rest is the stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream, self.gone = stream, False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._stream.write(text)
            except (BrokenPipeError, ValueError):  # ValueError: the stream was closed
                self._left()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except (BrokenPipeError, ValueError):
                self._left()

    def _left(self) -> None:
        """The reader is gone: what the stream still buffers goes nowhere, so that the interpreter's own
        flush at exit cannot fail either (it would turn a finished command's exit code into 120)."""
        self.gone = True
        reader_left(self._stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
