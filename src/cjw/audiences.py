"""`cjw audiences --out DIR`: one CSV per audience of reporting.mart_audiences, with the contact
fields the restricted file holds (names, email, phone, country). The BI file carries customer ids
only; the contact fields are joined here, in memory, and written only to DIR, which may not be
inside the published warehouse's folder or the report site."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cjw.build import PROJECT_DIR

AUDIENCES_SEED = PROJECT_DIR / "seeds" / "reference" / "audiences.csv"
CONTACT_COLUMNS = ("first_name", "last_name", "primary_email", "primary_phone", "country_code")
AUDIENCE_COLUMNS = ("customer_id", *CONTACT_COLUMNS, "reason", "since", "suggested_action", "department",
                    "as_of_date")


@dataclass(frozen=True)
class Exported:
    """One audience's file: its rows (the mart's), and how many of them have neither an email nor a
    phone (a person whose only address is a shared mailbox, which identity quarantines, and who gave
    no phone): listed all the same, so the file has the mart's people, and counted for the user."""

    rows: int
    without_contact: int


class AudienceError(Exception):
    """The export cannot be written (a missing file, a forbidden place)."""


def forbidden_places(warehouse: Path) -> list[Path]:
    """Where personal data must never land: beside the BI file, and in the report app."""
    return [warehouse.resolve().parent, (PROJECT_DIR / "reports").resolve()]


def export_audiences(warehouse: Path, restricted: Path, out: Path) -> dict[str, Exported]:
    """Write DIR/<audience>.csv for every audience (a header-only file for an empty one); return what
    was written per audience."""
    out = out.resolve()
    for place in forbidden_places(warehouse):
        if out == place or place in out.parents:
            raise AudienceError(f"{out} is inside {place}: audience files hold personal data and may not "
                                "land beside the BI file or in the report site; choose another --out")
    for path in (warehouse, restricted):
        if not path.exists():
            raise AudienceError(f"{path} does not exist: run `cjw build` first")
    con = duckdb.connect()
    try:
        con.execute(f"attach '{warehouse}' as bi (read_only)")
        con.execute(f"attach '{restricted}' as personal (read_only)")
        # every enabled audience of the seed gets a file, an empty one too
        audiences = [r[0] for r in con.execute(
            f"select audience from read_csv('{AUDIENCES_SEED}', header = true, all_varchar = true) "
            "where lower(is_enabled) = 'true' order by audience").fetchall()]
        rows = con.execute("""
            with phones as (
                select customer_id, min(identifier_value) as primary_phone
                from personal.main.customer_identifiers_unmasked
                where identifier_type = 'phone'
                group by customer_id
            )
            select a.audience, a.customer_id, p.first_name, p.last_name, p.primary_email, phones.primary_phone,
                   p.country_code, a.reason, a.since, a.suggested_action, a.department, a.as_of_date
            from bi.reporting.mart_audiences as a
            left join personal.main.customer_profiles as p on a.customer_id = p.customer_id
            left join phones on a.customer_id = phones.customer_id
            order by a.audience, a.since, a.customer_id
        """).fetchall()
    except duckdb.CatalogException as exc:
        raise AudienceError(f"{warehouse} has no audiences ({str(exc).splitlines()[0]}): rebuild it with "
                            "`cjw build`") from None
    finally:
        con.close()
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for audience in audiences:
        mine = [r[1:] for r in rows if r[0] == audience]
        with open(out / f"{audience}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(AUDIENCE_COLUMNS)
            writer.writerows(mine)
        (out / f"{audience}.csv").chmod(0o600)  # personal data: the owner only
        # primary_email and primary_phone (AUDIENCE_COLUMNS minus customer_id)
        counts[audience] = Exported(len(mine), sum(1 for r in mine if not r[3] and not r[4]))
    return counts
