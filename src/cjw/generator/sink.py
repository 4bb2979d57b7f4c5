"""Writes the raw export files chunk by chunk, plants duplicates and bad rows, and records truth.

Every written line is accounted for in the truth file `rows.csv`: which person it belongs to, its
main timestamp in UTC, its USD amount, and what the warehouse must do with it
(`staged`, `duplicate`, `superseded` or `quarantined`, with the planted defect).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cjw.registry import RAW_FILES, RECORD_ID

from .defects import CONFLICT_EDITS, corrupt, corrupt_hard


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
# re-exported records: the row with the latest version is current (orders: updated_at; CRM records:
# last_modified_at); an older version is superseded
VERSIONED = {"raw_orders", "raw_crm_contacts"}
# of the bad rows, this share gets one of the newer defects (defects.corrupt_hard)
HARD_SHARE = 0.3
# a share of rows gets a conflicting copy (same id and version, other content): a tenth of the bad rate
CONFLICTS_PER_BAD_ROW = 0.1
# free-text columns where a line break inside the value (a multi-line CSV record) is planted
MULTILINE = {"raw_social_interactions": "message", "raw_survey_responses": "comment"}
MULTILINE_RATE = 0.03


class Sink:
    def __init__(self, out: Path, truth: Path | None, rng: random.Random, bad_rate: float,
                 hard_rng: random.Random | None = None,
                 usd_of: Callable[[str, dict[str, str | None]], str | None] | None = None) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.rng = rng
        # the newer defects draw from their own stream, so the rest of the world stays as it was
        self.hard = hard_rng
        self.bad_rate = bad_rate
        # what a money row's content is worth in USD (the simulation's exchange rates): a
        # conflicting copy that changes an amount carries the USD of its own content in the truth
        self.usd_of = usd_of
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
        rng, hard = self.rng, self.hard
        cols = RAW_FILES[file]
        rate = DUPLICATE_RATE[file]
        id_col = RECORD_ID[file]
        expanded: list[Row] = []
        latest = {}
        if hard and file == "raw_orders":
            for r in rows:
                latest[r.values["order_id"]] = max(latest.get(r.values["order_id"], ""), r.version)
        for r in rows:
            if hard and file in MULTILINE and r.values.get(MULTILINE[file]) and hard.random() < MULTILINE_RATE:
                r.values[MULTILINE[file]] = r.values[MULTILINE[file]].replace(" ", "\n", 1)
            expanded.append(r)
            if rate and rng.random() < rate:
                expanded.append(Row(r.sort_key + rng.random() * 3600, dict(r.values), r.person_id, r.ts_utc,
                                    r.usd, r.version))
            current = file != "raw_orders" or r.version == latest[r.values["order_id"]]
            if hard and file in CONFLICT_EDITS and hard.random() < self.bad_rate * CONFLICTS_PER_BAD_ROW and current:
                copy = self._conflicting(file, r.values)
                usd = (self.usd_of(file, copy) if self.usd_of and r.usd else None) or r.usd
                expanded.append(Row(r.sort_key + hard.random() * 3600, copy, r.person_id, r.ts_utc, usd, r.version))
        expanded.sort(key=lambda r: r.sort_key)
        # plant defects, then decide what the warehouse must do with every line
        planned: list[tuple[Row, str]] = []
        for r in expanded:
            defect = ""
            if self.bad_rate and rng.random() < self.bad_rate:
                bad = Row(r.sort_key, dict(r.values), r.person_id, r.ts_utc, r.usd, r.version)
                defect = corrupt(file, bad.values, rng)
                if hard and hard.random() < HARD_SHARE:
                    bad.values = dict(r.values)
                    defect = corrupt_hard(file, bad.values, id_col, hard)
                if file in EXTRA_BAD:
                    # reference data: the bad line comes in addition to the good one, so the good
                    # rate still applies (a missing rate would change every conversion after it)
                    planned.append((r, ""))
                planned.append((bad, defect))
                continue
            planned.append((r, defect))
        status = ["staged"] * len(planned)
        defects = [d for _, d in planned]
        groups: dict[str, list[int]] = {}
        for i, (r, defect) in enumerate(planned):
            if defect:
                status[i] = "quarantined"
                continue
            groups.setdefault("|".join(r.values[c] or "" for c in KEY_COLUMNS.get(file, [id_col])), []).append(i)
        for members in groups.values():
            current = members
            if file in VERSIONED:
                # the current version is the latest; an older one is superseded
                version = {i: self._version(file, planned[i][0]) for i in members}
                newest = max(version.values())
                current = [i for i in members if version[i] == newest]
                for i in members:
                    if version[i] != newest:
                        status[i] = "superseded"
            contents = {tuple((planned[i][0].values[c] or "").strip().lower() for c in cols) for i in current}
            if len(contents) > 1:
                # same id (and version), other content: nothing says which is right
                for i in current:
                    status[i], defects[i] = "quarantined", f"conflicting_duplicate:{id_col}"
            else:
                # a repeat of the same content: the first line is kept
                for i in current[1:]:
                    status[i] = "duplicate"
        w = self.writers[file]
        for (r, _), st, defect in zip(planned, status, defects, strict=True):
            row = ["" if r.values[c] is None else r.values[c] for c in cols]
            w.writerow(row)
            line = self.lines[file] + 1  # where the record starts; a value may hold line breaks
            self.lines[file] += 1 + sum(v.count("\n") for v in row)
            self.counts[file] += 1
            if self.truth_fh is not None:
                self.truth.writerow([file, line, r.values[id_col] or "", r.person_id, st, defect, r.ts_utc, r.usd])

    @staticmethod
    def _version(file: str, r: Row) -> str:
        return r.version if file == "raw_orders" else r.values["last_modified_at"] or ""

    @staticmethod
    def _conflicting(file: str, values: dict[str, str | None]) -> dict[str, str | None]:
        col, options = CONFLICT_EDITS[file]
        changed = dict(values)
        # a valid value other than the original
        changed[col] = next(v for v in options if v.lower() != (values[col] or "").strip().lower())
        return changed

    def close(self) -> dict[str, int]:
        self.flush()
        for fh in self.files.values():
            fh.close()
        if self.truth_fh is not None:
            self.truth_fh.close()
        return dict(self.counts)
