"""Pre-flight checks of a delivery of raw exports, before anything is built (the files and their
columns come from the source registry, cjw.registry).

A raw folder is one delivery (the registry's files in it) or a folder of dated deliveries
(subfolders named YYYY-MM-DD..., each holding some of the files, read in name order): every
delivery's files are checked, and each file's SHA-256 taken, so that a file delivered twice (the
same bytes in a later folder) is read once (`list_deliveries`).

A malformed file stops the build with an error that names the file, the line and the problem
(missing or renamed column, empty file, wrong delimiter, not UTF-8, a line with too few or too
many fields such as a truncated last line, an unterminated quote). Row-level problems inside
well-formed files (a bad date, a negative amount) are not errors here: the staging models
quarantine those rows with a reason.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from cjw.registry import RAW_FILES, RawFile, raw_files

CHUNK = 1 << 22
# a delivery folder in a folder of deliveries: its name starts with its date (the same rule as
# macros/create_raw_views.sql, delivery_files_sql, for plain dbt build)
DATED_FOLDER = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")
OTHER_DELIMITERS = {";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass
class FileReport:
    file: str
    path: Path
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # the file's size and modification time (ns) before it was read, and its SHA-256 when known
    # from an earlier pre-flight (see Known)
    stat: tuple[int, int] | None = None
    sha256: str | None = None


# what an earlier build's pre-flight learnt of the files it passed, by resolved path: [size,
# mtime_ns, sha256, rows, warnings] (cjw.state keeps it). A file whose size and modification time
# are still those is not read again: a file rewritten in place gets a new modification time.
Known = dict[str, list]


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _checked(check, name: str, path: Path, known: Known | None) -> FileReport:
    """check(name, path), unless `known` holds the file as it still is: then its facts."""
    stat = _stat(path)
    facts = (known or {}).get(str(path.resolve())) if stat is not None and path.is_file() else None
    if facts is not None and tuple(facts[:2]) == stat:
        return FileReport(name, path, rows=int(facts[3]), warnings=list(facts[4]), stat=stat, sha256=facts[2])
    rep = check(name, path)
    rep.stat = stat
    return rep


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


def check_delivery(directory: Path, file_format: str = "csv", files: dict[str, RawFile] | None = None,
                   known: Known | None = None) -> list[FileReport]:
    """Check the registry's files (by default all; the build passes the enabled sources' files:
    a file of a disabled source may be missing). known: files an earlier pre-flight passed."""
    names = list(files if files is not None else raw_files())
    if file_format == "parquet":
        return [_checked(check_parquet_file, name, directory / f"{name}.parquet", known) for name in names]
    return [_checked(check_file, name, directory / f"{name}.csv", known) for name in names]


def assert_delivery_ok(directory: Path, file_format: str = "csv", files: dict[str, RawFile] | None = None,
                       known: Known | None = None) -> list[FileReport]:
    """Raise DeliveryError naming every file and problem; return the reports when all is well (a
    folder of dated deliveries: every delivery's files, check_deliveries)."""
    reports = check_deliveries(directory, file_format, files, known)
    problems = [f"{r.path}: {e}" for r in reports for e in r.errors]
    if problems:
        raise DeliveryError("malformed delivery, nothing was built:\n  " + "\n  ".join(problems))
    return reports


@dataclass(frozen=True)
class DeliveredFile:
    """One file of a delivery, as history.delivery_files hands it to dbt."""

    delivery_index: int
    delivery: str  # the folder's name; '' when the raw folder is one delivery
    table_name: str
    path: Path
    file_bytes: int
    sha256: str
    rows: int
    status: str = "loaded"  # or "duplicate": the same bytes were delivered earlier, not read again
    duplicate_of: str | None = None
    mtime_ns: int = 0  # the modification time pre-flight saw (with file_bytes: Known)
    warnings: tuple[str, ...] = ()


def delivery_folders(root: Path, file_format: str = "csv") -> list[str]:
    """The deliveries of a raw folder in delivered order: [''] when it is one delivery (it holds
    raw files itself, or no dated subfolder), else its dated subfolders' names, sorted."""
    ext = "parquet" if file_format == "parquet" else "csv"
    if not root.is_dir() or any(root.glob(f"raw_*.{ext}")):
        return [""]
    dated = sorted(p.name for p in root.iterdir() if p.is_dir() and DATED_FOLDER.match(p.name))
    return dated or [""]


def delivery_day(folder: str) -> str | None:
    """A dated delivery folder's day (YYYY-MM-DD), None for a single delivery."""
    return folder[:10] if folder else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_deliveries(root: Path, file_format: str = "csv", files: dict[str, RawFile] | None = None,
                     known: Known | None = None) -> list[FileReport]:
    """Check every delivery of a raw folder: one delivery as check_delivery does (every file must
    be there); in a folder of dated deliveries each delivered file, and each registry file must be
    in at least one delivery. known: files an earlier pre-flight passed, not read again while
    their size and modification time are unchanged."""
    folders = delivery_folders(root, file_format)
    if folders == [""]:
        return check_delivery(root, file_format, files, known)
    names = list(files if files is not None else raw_files())
    ext = "parquet" if file_format == "parquet" else "csv"
    check = check_parquet_file if file_format == "parquet" else check_file
    reports: list[FileReport] = []
    for name in names:
        found = [root / folder / f"{name}.{ext}" for folder in folders if (root / folder / f"{name}.{ext}").exists()]
        if not found:
            rep = FileReport(name, root / "*" / f"{name}.{ext}")
            rep.errors.append(f"missing from every delivery in {root} ({', '.join(folders)})")
            reports.append(rep)
        reports.extend(_checked(check, name, path, known) for path in found)
    return reports


def list_deliveries(root: Path, reports: list[FileReport], file_format: str = "csv") -> list[DeliveredFile]:
    """The checked files of a raw folder as history.delivery_files rows, in delivered order, each
    with its SHA-256; a file whose bytes an earlier delivery already brought is a duplicate."""
    folders = delivery_folders(root, file_format)
    index = {folder: i for i, folder in enumerate(folders)}
    out: list[DeliveredFile] = []
    seen: dict[tuple[str, str], str] = {}
    for rep in sorted(reports, key=lambda r: (index[_folder_of(root, r.path, folders)], r.file)):
        folder = _folder_of(root, rep.path, folders)
        digest = rep.sha256 or _sha256(rep.path)
        earlier = seen.get((rep.file, digest))
        if earlier is None:
            seen[(rep.file, digest)] = folder
        size, mtime_ns = rep.stat or (rep.path.stat().st_size, 0)
        out.append(DeliveredFile(index[folder], folder, rep.file, rep.path.resolve(), size, digest, rep.rows,
                                 "loaded" if earlier is None else "duplicate", earlier, mtime_ns,
                                 tuple(rep.warnings)))
    return out


def _folder_of(root: Path, path: Path, folders: list[str]) -> str:
    return "" if folders == [""] else path.relative_to(root).parts[0]
