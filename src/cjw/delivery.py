"""Pre-flight checks of a delivery of raw exports, before anything is built (the files and their
columns come from the source registry, cjw.registry).

A malformed file stops the build with an error that names the file, the line and the problem
(missing or renamed column, empty file, wrong delimiter, not UTF-8, a line with too few or too
many fields such as a truncated last line, an unterminated quote). Row-level problems inside
well-formed files (a bad date, a negative amount) are not errors here: the staging models
quarantine those rows with a reason.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from cjw.registry import RAW_FILES, RawFile, raw_files

CHUNK = 1 << 22
OTHER_DELIMITERS = {";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass
class FileReport:
    file: str
    path: Path
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class DeliveryError(Exception):
    """A delivery that must not be built; the message lists every problem found."""


def _check_utf8(path: Path) -> str | None:
    """None when the file is valid UTF-8, else where it is not (line and byte offset)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, offset = 1, 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            try:
                decoder.decode(chunk, final=False)
            except UnicodeDecodeError as exc:
                bad = offset + exc.start
                line += chunk[: exc.start].count(b"\n")
                return f"line {line}: not UTF-8 (byte {chunk[exc.start]:#04x} at offset {bad}); re-export as UTF-8"
            line += chunk.count(b"\n")
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return f"line {line}: not UTF-8 (the file ends inside a multi-byte character)"
    return None


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
    return next(csv.reader(io.StringIO(first)), [])


def check_file(name: str, path: Path) -> FileReport:
    try:
        return _check_file(name, path)
    except OSError as exc:  # a directory, a file that cannot be opened: named, never a traceback
        rep = FileReport(name, path)
        rep.errors.append(f"cannot be read: {exc.strerror or exc}")
        return rep


def _check_file(name: str, path: Path) -> FileReport:
    rep = FileReport(name, path)
    expected = RAW_FILES[name]
    if not path.exists():
        rep.errors.append("file is missing from the delivery")
        return rep
    if path.stat().st_size == 0:
        rep.errors.append("empty file (0 bytes): no header, no rows")
        return rep
    if (msg := _check_utf8(path)) is not None:
        rep.errors.append(msg)
        return rep
    header = [h.strip() for h in _header(path)]
    if len(header) == 1:
        for delim, label in OTHER_DELIMITERS.items():
            if delim in header[0]:
                rep.errors.append(f"line 1: wrong delimiter: the header is {label}-separated, the contract "
                                  f"says comma-separated ({header[0][:80]!r})")
                return rep
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        rep.errors.append(f"line 1: duplicate column name(s): {', '.join(dupes)}")
    if missing:
        hint = f"; unexpected column(s) {', '.join(extra)} (renamed?)" if extra else ""
        rep.errors.append(f"line 1: missing column(s) {', '.join(missing)}{hint}")
        return rep
    if extra:
        rep.warnings.append(f"line 1: column(s) not in the contract, ignored: {', '.join(extra)}")
    if rep.errors:
        return rep
    con = duckdb.connect()
    cols = ", ".join(f"'{c.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for c in header)
    try:
        rep.rows = con.execute(
            f"select count(*) from read_csv(?, header = true, auto_detect = false, delim = ',', quote = '\"', "
            f"escape = '\"', strict_mode = true, null_padding = false, store_rejects = true, "
            f"columns = {{{cols}}})", [str(path)]).fetchall()[0][0]
        rejects = con.execute(
            "select line, error_type, error_message from reject_errors order by line limit 5").fetchall()
        n_rejects = con.execute("select count(*) from reject_errors").fetchone()[0]
    except duckdb.Error as exc:  # a file DuckDB cannot read at all
        rep.errors.append(f"unreadable as CSV: {str(exc).splitlines()[0]}")
        return rep
    finally:
        con.close()
    for line, etype, message in rejects:
        rep.errors.append(f"line {line}: {etype.lower()}: {message}")
    if n_rejects > len(rejects):
        rep.errors.append(f"... and {n_rejects - len(rejects)} more malformed line(s)")
    if rep.rows == 0 and not rejects:
        rep.errors.append("no data rows: the file has a header only")
    return rep


def check_parquet_file(name: str, path: Path) -> FileReport:
    rep = FileReport(name, path)
    if not path.is_file() and path.exists():
        rep.errors.append("cannot be read: not a file")
        return rep
    if not path.exists():
        rep.errors.append("file is missing from the delivery")
        return rep
    con = duckdb.connect()
    try:
        header = [r[0] for r in con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()]
        rep.rows = con.execute("select count(*) from read_parquet(?)", [str(path)]).fetchone()[0]
    except duckdb.Error as exc:
        rep.errors.append(f"unreadable as Parquet: {str(exc).splitlines()[0]}")
        return rep
    finally:
        con.close()
    missing = [c for c in RAW_FILES[name] if c not in header]
    if missing:
        rep.errors.append(f"missing column(s) {', '.join(missing)}")
    elif rep.rows == 0:
        rep.errors.append("no data rows")
    return rep


def check_delivery(directory: Path, file_format: str = "csv", files: dict[str, RawFile] | None = None
                   ) -> list[FileReport]:
    """Check the registry's files (by default all; the build passes the enabled sources' files:
    a file of a disabled source may be missing)."""
    names = list(files if files is not None else raw_files())
    if file_format == "parquet":
        return [check_parquet_file(name, directory / f"{name}.parquet") for name in names]
    return [check_file(name, directory / f"{name}.csv") for name in names]


def assert_delivery_ok(directory: Path, file_format: str = "csv", files: dict[str, RawFile] | None = None
                       ) -> list[FileReport]:
    """Raise DeliveryError naming every file and problem; return the reports when all is well."""
    reports = check_delivery(directory, file_format, files)
    problems = [f"{r.path}: {e}" for r in reports for e in r.errors]
    if problems:
        raise DeliveryError("malformed delivery, nothing was built:\n  " + "\n  ".join(problems))
    return reports
