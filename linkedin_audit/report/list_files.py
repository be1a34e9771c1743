"""Every action list as files, for people who work in a spreadsheet or a CRM (`linkedin-audit lists`).

The lists are the report's (action_lists.py), complete and with their profile URLs. Formats: csv (RFC 4180,
CRLF, every text value quoted, UTF-8 with a byte-order mark so Excel reads the accents), tsv, json (one
array of objects per list) and xlsx (one workbook, a sheet per list, every text cell stored as text). Text
other people wrote is neutralised for spreadsheets as the page's download does (csv_safety.excel_safe) in
csv, tsv and xlsx; json keeps the exact text. Files are written readable by you only (mode 0600), each
renamed into place only once complete (safe_write.replacing, the way every file the user keeps is written)."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import duckdb
import polars as pl

from linkedin_audit.csv_safety import excel_safe
from linkedin_audit.report import action_lists as al
from linkedin_audit.safe_write import replacing

FORMATS = ("csv", "tsv", "json", "xlsx")
WORKBOOK = "action-lists.xlsx"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _csv_field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return '"' + excel_safe(value).replace('"', '""') + '"'
    return _text(value)


def _tsv_field(value: Any) -> str:
    text = excel_safe(value) if isinstance(value, str) else _text(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return _text(value)
    if isinstance(value, float) and value != value:  # NaN: no JSON form
        return None
    return value


def _write_delimited(frame: pl.DataFrame, path: Path, tsv: bool) -> None:
    field, sep, eol = (_tsv_field, "\t", "\n") if tsv else (_csv_field, ",", "\r\n")
    lines = [sep.join(field(c) for c in frame.columns)]
    lines += [sep.join(field(v) for v in row) for row in frame.iter_rows()]
    with replacing(path, "--out") as fh:
        fh.write(("\ufeff" if not tsv else "").encode() + (eol.join(lines) + eol).encode())


def _write_json(frame: pl.DataFrame, path: Path) -> None:
    rows = [{c: _json_value(v) for c, v in zip(frame.columns, row, strict=True)} for row in frame.iter_rows()]
    with replacing(path, "--out") as fh:
        fh.write(json.dumps(rows, ensure_ascii=False, indent=1).encode() + b"\n")


# XML 1.0 forbids most control characters; Excel spells them _xHHHH_ (and a literal `_x` needs escaping).
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def _xml_text(text: str) -> str:
    spelled = _XML_BAD.sub(lambda m: "_x005F_" if m.group() == "_" else f"_x{ord(m.group()):04X}_", text)
    return xml_escape(spelled)


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float) and value == value and abs(value) != float("inf"):
        return f"<c><v>{value!r}</v></c>"
    text = excel_safe(value) if isinstance(value, str) else _text(value)
    return f'<c t="inlineStr"><is><t xml:space="preserve">{_xml_text(text)}</t></is></c>'


def _sheet(frame: pl.DataFrame) -> str:
    rows = [frame.columns, *frame.iter_rows()]
    body = "".join("<row>" + "".join(_xlsx_cell(v) for v in row) + "</row>" for row in rows)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    )


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"


def _write_xlsx(sheets: Sequence[tuple[str, pl.DataFrame]], path: Path) -> None:
    """A minimal Office Open XML workbook (the parts every spreadsheet needs), no library required."""
    n = len(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" '
        f'xmlns:r="{_REL}"><sheets>'
        + "".join(
            f'<sheet name="{xml_escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (name, _) in enumerate(sheets, 1)
        )
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
        f'xmlns="{_PKG}/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{_MAIN}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf/></cellXfs></styleSheet>',
    }
    parts.update({f"xl/worksheets/sheet{i}.xml": _sheet(f) for i, (_, f) in enumerate(sheets, 1)})
    with replacing(path, "--out") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)


def write_lists(con: duckdb.DuckDBPyConnection, out: Path, fmt: str) -> list[tuple[str, Path | None, int]]:
    """Write every action list into `out` in `fmt`; returns (title, file or None when the database lacks
    what the list needs, rows) per list, in the report's order."""
    frames = al.all_lists(con)
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    done: list[tuple[str, Path | None, int]] = []
    sheets: list[tuple[str, pl.DataFrame]] = []
    for anchor, title, filename in al.LISTS:
        frame = frames[anchor]
        if frame is None:
            done.append((title, None, 0))
            continue
        path = out / (WORKBOOK if fmt == "xlsx" else f"{Path(filename).stem}.{fmt}")
        if fmt == "xlsx":
            sheets.append((Path(filename).stem[:31], frame))
        elif fmt == "json":
            _write_json(frame, path)
        else:
            _write_delimited(frame, path, tsv=fmt == "tsv")
        done.append((title, path, frame.height))
    if fmt == "xlsx":
        _write_xlsx(sheets, out / WORKBOOK)
    return done
