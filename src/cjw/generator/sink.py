"""Writes the raw export files chunk by chunk, plants duplicates and bad rows, and records truth.

Every written line is accounted for in the truth file `rows.csv`: which person it belongs to, its
main timestamp in UTC, its USD amount, and what the warehouse must do with it
(`staged`, `duplicate`, `superseded` or `quarantined`, with the planted defect).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from cjw.contract import RAW_FILES, RECORD_ID

from .defects import corrupt


@dataclass
class Row:
    sort_key: float
    values: dict[str, str | None]
    person_id: str
    ts_utc: str = ""
    usd: str = ""
    version: str = ""  # orders: updated_at, to find the current version


# Share of rows repeated verbatim (overlapping exports), per file.
DUPLICATE_RATE = {
    "raw_web_events": 0.02, "raw_email_activity": 0.01, "raw_orders": 0.01, "raw_ad_clicks": 0.005,
    "raw_social_interactions": 0.005, "raw_support_tickets": 0.005, "raw_event_registrations": 0.005,
    "raw_memberships": 0.005, "raw_survey_responses": 0.005, "raw_direct_mail": 0.005,
    "raw_crm_contacts": 0.0, "raw_fx_rates": 0.0,
}


EXTRA_BAD = {"raw_fx_rates"}
KEY_COLUMNS = {"raw_fx_rates": ["rate_date", "currency"]}


class Sink:
    def __init__(self, out: Path, truth: Path | None, rng: random.Random, bad_rate: float) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.rng = rng
        self.bad_rate = bad_rate
        self.buffers: dict[str, list[Row]] = {f: [] for f in RAW_FILES}
        self.files = {f: open(out / f"{f}.csv", "w", newline="", encoding="utf-8") for f in RAW_FILES}
        self.writers = {f: csv.writer(fh, lineterminator="\n") for f, fh in self.files.items()}
        self.lines = dict.fromkeys(RAW_FILES, 1)
        self.counts = dict.fromkeys(RAW_FILES, 0)
        for f, w in self.writers.items():
            w.writerow(RAW_FILES[f])
        self.truth_fh = None
        if truth is not None:
            truth.mkdir(parents=True, exist_ok=True)
            self.truth_fh = open(truth / "rows.csv", "w", newline="", encoding="utf-8")
            self.truth = csv.writer(self.truth_fh, lineterminator="\n")
            self.truth.writerow(["source_file", "line_number", "record_id", "person_id", "status", "defect",
                                 "ts_utc", "usd"])

    def add(self, file: str, row: Row) -> None:
        self.buffers[file].append(row)

    def flush(self, keep: dict[str, list[Row]] | None = None) -> None:
        """Write every buffered row; `keep` holds rows that arrive late (written with the next chunk)."""
        for file, rows in self.buffers.items():
            if not rows:
                continue
            self._write(file, rows)
        self.buffers = {f: [] for f in RAW_FILES}
        if keep:
            for f, rows in keep.items():
                self.buffers[f].extend(rows)

    def _write(self, file: str, rows: list[Row]) -> None:
        rng = self.rng
        cols = RAW_FILES[file]
        rate = DUPLICATE_RATE[file]
        expanded: list[Row] = []
        for r in rows:
            expanded.append(r)
            if rate and rng.random() < rate:
                expanded.append(Row(r.sort_key + rng.random() * 3600, dict(r.values), r.person_id, r.ts_utc,
                                    r.usd, r.version))
        expanded.sort(key=lambda r: r.sort_key)
        id_col = RECORD_ID[file]
        # plant defects, then decide what the warehouse must do with every line
        planned: list[tuple[Row, str]] = []
        for r in expanded:
            defect = ""
            if self.bad_rate and rng.random() < self.bad_rate:
                bad = Row(r.sort_key, dict(r.values), r.person_id, r.ts_utc, r.usd, r.version)
                defect = corrupt(file, bad.values, rng)
                if file in EXTRA_BAD:
                    # reference data: the bad line comes in addition to the good one, so the good
                    # rate still applies (a missing rate would change every conversion after it)
                    planned.append((r, ""))
                planned.append((bad, defect))
                continue
            planned.append((r, defect))
        status = ["staged"] * len(planned)
        groups: dict[str, list[int]] = {}
        for i, (r, defect) in enumerate(planned):
            if defect:
                status[i] = "quarantined"
                continue
            groups.setdefault("|".join(r.values[c] or "" for c in KEY_COLUMNS.get(file, [id_col])), []).append(i)
        for members in groups.values():
            if len(members) == 1:
                continue
            if file == "raw_orders":
                # the current state is the latest updated_at (on a tie, the later line); an older
                # version is superseded, another copy of the current version is a duplicate
                keep = max(members, key=lambda i: (planned[i][0].version, i))
                for i in members:
                    if i != keep:
                        older = planned[i][0].version < planned[keep][0].version
                        status[i] = "superseded" if older else "duplicate"
            else:
                for i in members[1:]:
                    status[i] = "duplicate"
        w = self.writers[file]
        for (r, defect), st in zip(planned, status, strict=True):
            w.writerow(["" if r.values[c] is None else r.values[c] for c in cols])
            self.lines[file] += 1
            self.counts[file] += 1
            if self.truth_fh is not None:
                self.truth.writerow([file, self.lines[file], r.values[id_col] or "", r.person_id, st, defect,
                                     r.ts_utc, r.usd])

    def close(self) -> dict[str, int]:
        self.flush()
        for fh in self.files.values():
            fh.close()
        if self.truth_fh is not None:
            self.truth_fh.close()
        return dict(self.counts)
