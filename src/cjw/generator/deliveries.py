"""Cut a generated world into daily deliveries, as an organisation's exports arrive.

A generated world is one folder holding every raw export over the whole period. Real systems
deliver a history once, then a folder a day. `split_into_deliveries` writes:
- `<day>-history/`: every record whose event time (the registry's event_time of its export) falls
  before the last `days` days, and every record none of whose times can be read (the planted bad
  rows; one whose event time is garbled goes by the other times it holds, HAPPENED_TOO);
  a record dated after the last day (a planted future date) goes with the last delivery, which
  a single delivery of the same rows is checked against too;
- `<day>/` for each of the last `days` days: the records of that day (the day of their event
  time, or of a later time they hold that must have happened by then, e.g. a ticket's solved_at:
  HAPPENED_TOO), except
  - late records (a share of the web and email events, which arrive through buffers): delivered
    one or two days later;
  - overlapping exports: a share of each delivery's records is delivered again, identical, the
    next day, when that day brings new records of the export too (staging counts them as
    duplicates);
  versioned records (orders, CRM contacts) follow their version's time, so a refund exported days
  after the order arrives in a later delivery and supersedes the order loaded before; a CRM
  contact edited after the day it was created is also delivered, as created, that day
  (FIRST_VERSION).
Every record of the world is in exactly one delivery, plus the repeats: concatenating the folders
(`concatenate_deliveries`) gives one delivery with the same rows, in delivered order.
"""

from __future__ import annotations

import csv
import random
import shutil
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from cjw.registry import RawFile, raw_files

from . import catalog as C

# which exports arrive late: events buffered by a collector or an email platform's webhooks
LATE_EXPORTS = {"raw_web_events", "raw_email_activity"}
# the other times a record holds that must have happened when it is exported (staging checks them
# against the delivery's date, macros/time_checks.sql): a ticket is exported once solved, a
# cancelled registration once cancelled
HAPPENED_TOO = {"raw_support_tickets": ["first_response_at", "solved_at"], "raw_event_registrations": ["cancelled_at"],
                "raw_crm_contacts": ["created_at"], "raw_orders": ["ordered_at"]}
# versioned records the world holds in their last version only, exported first when created: the
# export of the creation day carries the record as created (its version column = its creation
# time), the record's own day its last version, which supersedes it (a contact created in March and
# edited on the last day was known since March: delivered on the last day only, a sixth of the CRM
# contacts of a 1M-person world appeared that day, and their customers merged with themselves)
FIRST_VERSION = {"raw_crm_contacts": ("created_at", "last_modified_at")}


def event_day(value: str, kind_format: str | None) -> date | None:
    """The UTC day of an event time as the contract writes it (None when it cannot be read: the
    record then goes with the history)."""
    text = (value or "").strip()
    try:
        if kind_format == "epoch_micros":
            return datetime.fromtimestamp(int(text) / 1_000_000, UTC).date()
        if kind_format == "us_ampm_utc":
            return datetime.strptime(text, "%m/%d/%Y %I:%M:%S %p").date()
        return date.fromisoformat(text[:10])
    except (ValueError, OverflowError, OSError):
        return None


def _time_column(raw: RawFile) -> tuple[str, str | None]:
    """The export's event time column (the registry's meta.event_time) and its format."""
    if raw.event_time is None:
        raise ValueError(f"{raw.name}: the registry names no event_time column")
    return raw.event_time, next((c.format for c in raw.columns if c.name == raw.event_time), None)


def _csv_writer(files: ExitStack, path: Path, header: list[str], append: bool = False) -> Any:
    """A CSV writer of `path` (appending when asked; its header first when the file is new), closed
    with `files`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not (append and path.exists())
    writer = csv.writer(files.enter_context(open(path, "a" if append else "w", encoding="utf-8", newline="")),
                        lineterminator="\n")
    if fresh:
        writer.writerow(header)
    return writer


def split_into_deliveries(world: Path, out: Path, days: int, seed: int, late_share: float = 0.03,
                          repeat_share: float = 0.02) -> list[str]:
    """Write the world's raw files (world/<export>.csv) as a history delivery and `days` daily
    deliveries under `out`; returns the delivery folders' names in delivered order. Rows are
    streamed from file to file (a 1M-person world's exports hold 45M rows): each record is written
    to its delivery as it is read, and the repeats a delivery will send again are set aside in a
    file until the export's next delivery is known to bring rows of its own."""
    last = C.END.date()
    first_daily = last - timedelta(days=days - 1)
    history = f"{first_daily - timedelta(days=1)}-history"
    daily = [str(first_daily + timedelta(days=i)) for i in range(days)]
    folders = [history, *daily]
    rng = random.Random(seed ^ 0xDE11)
    aside = out / ".repeats"
    shutil.rmtree(aside, ignore_errors=True)
    for name, raw in raw_files().items():
        path = world / f"{name}.csv"
        if not path.exists():
            continue
        column, fmt = _time_column(raw)
        with ExitStack() as files, open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            at = header.index(column)
            formats = {c.name: c.format for c in raw.columns}
            also = [(header.index(c), formats.get(c)) for c in HAPPENED_TOO.get(name, []) if c in header]
            own: dict[int, Any] = {}  # delivery index -> writer of its own records (from its first)
            repeats: dict[int, Any] = {}  # delivery index -> writer of the repeats it may receive
            created_at, version_at = FIRST_VERSION.get(name, (None, None))
            first = ((header.index(created_at), header.index(version_at), formats.get(created_at))
                     if created_at else None)
            for record in reader:
                placed = []  # (delivery index, record): its first version, if delivered earlier, and itself
                # the latest of the times it holds that can be read: a ticket whose created_at is
                # garbled but that was answered on a day of the deliveries is exported that day
                times = [d for i, f in [(at, fmt), *also] if i < len(record) and (d := event_day(record[i], f))]
                day = max(times) if times else None
                if day is None or day < first_daily:
                    index = 0
                else:
                    offset = (min(day, last) - first_daily).days
                    if name in LATE_EXPORTS and rng.random() < late_share:
                        offset = min(days - 1, offset + rng.choice((1, 2)))
                    index = offset + 1
                if first and day is not None and (created := event_day(record[first[0]], first[2])) is not None:
                    earlier = 0 if created < first_daily else (created - first_daily).days + 1
                    if earlier < index:
                        copy = list(record)
                        copy[first[1]] = record[first[0]]
                        placed.append((earlier, copy))
                placed.append((index, record))
                for index, row in placed:
                    if index not in own:
                        own[index] = _csv_writer(files, out / folders[index] / f"{name}.csv", header)
                    own[index].writerow(row)
                    # an overlapping export: the next delivery sends the record again
                    if index + 1 < len(folders) and rng.random() < repeat_share:
                        if index + 1 not in repeats:
                            repeats[index + 1] = _csv_writer(files, aside / str(index + 1) / f"{name}.csv", header)
                        repeats[index + 1].writerow(row)
        # an export with nothing new that day is not sent (its file would be the repeats alone:
        # possibly the previous file byte for byte, which is a re-delivery, not an overlap); a
        # record sent again may be sent a third time, as any record of that delivery
        sent = set(own)
        for index in range(1, len(folders)):
            pending = aside / str(index) / f"{name}.csv"
            if not pending.exists():
                continue
            if index in sent:
                with open(pending, encoding="utf-8", newline="") as src, \
                        open(out / folders[index] / f"{name}.csv", "a", encoding="utf-8", newline="") as dst:
                    reader = csv.reader(src)
                    next(reader)
                    target = csv.writer(dst, lineterminator="\n")
                    with ExitStack() as later:
                        onward = None
                        for record in reader:
                            target.writerow(record)
                            if index + 1 < len(folders) and rng.random() < repeat_share:
                                if onward is None:
                                    onward = _csv_writer(later, aside / str(index + 1) / f"{name}.csv", header,
                                                         append=True)
                                onward.writerow(record)
            pending.unlink()
    shutil.rmtree(aside, ignore_errors=True)
    return folders


def concatenate_deliveries(root: Path, out: Path) -> None:
    """One delivery with the rows of every delivery folder under `root`, in delivered order (the
    single full load that a build of the delivery folders must equal)."""
    out.mkdir(parents=True, exist_ok=True)
    folders = sorted(p for p in root.iterdir() if p.is_dir())
    for name in raw_files():
        parts = [folder / f"{name}.csv" for folder in folders if (folder / f"{name}.csv").exists()]
        if not parts:
            continue
        with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as dst:
            writer = csv.writer(dst, lineterminator="\n")
            for i, part in enumerate(parts):
                with open(part, encoding="utf-8", newline="") as src:
                    reader = csv.reader(src)
                    header = next(reader)
                    if i == 0:
                        writer.writerow(header)
                    writer.writerows(reader)
