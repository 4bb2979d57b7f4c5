"""Score the warehouse's identity resolution against the generator's truth.

Records are the staged raw lines that carry identifiers (CRM records, web events, email
activities, tickets, registrations, orders, membership events, survey answers, mail pieces,
social interactions). Each has a true person (truth/rows.csv)
and a predicted customer (the customer of its usable identifiers).

- pairwise precision: of the record pairs the warehouse puts in one customer, the share that
  truly belong to one person;
- pairwise recall against what the identifiers can resolve: the reference clustering links two
  records when they share an identifier that truly belongs to one person only (an ideal resolver
  that knows which identifiers are shared), with identifiers normalized again here in Python from
  the raw values; clusters with no person identifier (a cookie alone) are left out. Recall is the
  share of the reference pairs the warehouse also puts together;
- merged_people: customers whose records belong to more than one true person.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from cjw.phones import to_e164


@dataclass
class IdentityScore:
    records: int
    resolved_records: int
    precision: float
    recall: float
    predicted_pairs: int
    reference_pairs: int
    merged_people: int
    customers: int
    true_people: int

    def lines(self) -> list[str]:
        return [
            f"records scored: {self.records:,} ({self.resolved_records:,} resolved to a customer)",
            f"pairwise precision: {self.precision:.4f} over {self.predicted_pairs:,} predicted pairs",
            f"pairwise recall (vs what the identifiers can resolve): {self.recall:.4f} "
            f"over {self.reference_pairs:,} reference pairs",
            f"customers: {self.customers:,} for {self.true_people:,} true people; "
            f"customers merging different people: {self.merged_people}",
        ]


def _pairs(sizes: np.ndarray) -> int:
    sizes = sizes.astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


# file -> (id column, [(identifier type, column, region column or None)])
RAW_IDENTIFIERS = {
    "raw_crm_contacts": ("contact_id", [("crm_contact_id", "contact_id", None), ("email", "email", None),
                                         ("phone", "phone", "country"), ("member_number", "member_number", None),
                                         ("social_handle", "social_handle", None)]),
    "raw_web_events": ("event_id", [("client_id", "client_id", None), ("crm_contact_id", "user_id", None)]),
    "raw_email_activity": ("activity_id", [("email", "email_address", None)]),
    "raw_social_interactions": ("interaction_id", [("social_handle", "handle", None)]),
    "raw_support_tickets": ("ticket_id", [("email", "requester_email", None), ("phone", "requester_phone", None)]),
    "raw_event_registrations": ("registration_id", [("email", "attendee_email", None)]),
    "raw_orders": ("order_id", [("email", "customer_email", None)]),
    "raw_memberships": ("membership_event_id", [("member_number", "member_number", None),
                                                 ("email", "contact_email", None)]),
    "raw_survey_responses": ("response_id", [("email", "respondent_email", None)]),
    "raw_direct_mail": ("mail_piece_id", [("crm_contact_id", "contact_id", None)]),
}
PERSON_TYPES = ("email", "phone", "crm_contact_id", "member_number")


def normalize(kind: str, value: str | None, region: str | None) -> str | None:
    """The contract's comparison keys, written again in Python (independent of the SQL macros)."""
    if value is None or not value.strip():
        return None
    v = value.strip()
    if kind == "email":
        v = v.lower()
        if v.count("@") != 1 or "." not in v.split("@")[1]:
            return None
        local, domain = v.split("@")
        return local.split("+")[0] + "@" + domain
    if kind == "phone":
        return to_e164(v, region)
    if kind == "social_handle":
        return "@" + v.lstrip("@").lower()
    if kind == "member_number":
        return v.upper()
    return v


def score_identity(warehouse: Path, truth_dir: Path, raw_dir: Path) -> IdentityScore:
    con = duckdb.connect()
    # attached under its own file name: the warehouse's views refer to that catalog name
    con.execute(f"attach '{warehouse}' as \"{warehouse.stem}\" (read_only)")
    truth = {}
    for row in con.execute(f"select source_file, line_number, record_id, person_id from read_csv("
                           f"'{truth_dir / 'rows.csv'}', all_varchar=true) where status = 'staged'").fetchall():
        truth[(row[0], int(row[1]))] = (row[2], row[3])
    # records: every staged line with a person; identifiers normalized from the raw values in Python
    records: list[tuple[str, str, str]] = []  # (file, record_id, person)
    rec_idents: list[list[tuple[str, str]]] = []
    for file, (id_col, idents) in RAW_IDENTIFIERS.items():
        cols = sorted({c for _, c, _ in idents} | {r for _, _, r in idents if r} | {id_col})
        rows = con.execute(f"select row_number() over () + 1, {', '.join(cols)} from read_csv("
                           f"'{raw_dir / (file + '.csv')}', all_varchar=true, header=true)").fetchall()
        for row in rows:
            line, vals = row[0], dict(zip(cols, row[1:], strict=True))
            hit = truth.get((file, line))
            if hit is None or not hit[1]:
                continue
            keys = []
            for kind, col, region_col in idents:
                norm = normalize(kind, vals[col], vals[region_col] if region_col else None)
                if norm:
                    keys.append((kind, norm))
            records.append((file, hit[0], hit[1]))
            rec_idents.append(keys)
    # identifiers that truly belong to more than one person are what no resolver may use
    owners: dict[tuple[str, str], set[str]] = {}
    for (_f, _r, person), keys in zip(records, rec_idents, strict=True):
        for k in keys:
            owners.setdefault(k, set()).add(person)
    node_ids = {k: i for i, k in enumerate(k for k, ps in owners.items() if len(ps) == 1)}
    n_rec = len(records)
    a, b = [], []
    personal_rec = np.zeros(n_rec, dtype=bool)
    for i, keys in enumerate(rec_idents):
        for k in keys:
            j = node_ids.get(k)
            if j is not None:
                a.append(i)
                b.append(n_rec + j)
                if k[0] in PERSON_TYPES:
                    personal_rec[i] = True
    size = n_rec + len(node_ids)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (np.array(a, dtype=np.int64), np.array(b, dtype=np.int64))),
                       shape=(size, size))
    _, labels = connected_components(graph, directed=False)
    ref = labels[:n_rec].astype(np.int64)
    personal_cluster = set(ref[personal_rec].tolist())
    # predicted customer of each record, through the warehouse's own staging and identity models
    recs_arrow = pa.table({"ridx": np.arange(n_rec, dtype=np.int64),
                           "source_file": [r[0] for r in records], "record_id": [r[1] for r in records],
                           "person_id": [r[2] for r in records], "ref_cluster": ref})
    con.register("recs_arrow", recs_arrow)
    con.execute("create temp table recs as select * from recs_arrow")
    wh = f'"{warehouse.stem}"'
    con.execute(f"""
        create temp table pred as
        with rec_ids as (
            select recs.ridx, o.identifier_type, o.identifier_value
            from recs join {wh}.intermediate.int_identity_observations o
                on recs.source_file = o.source_file and recs.record_id = o.record_id
            where recs.source_file <> 'raw_web_events'
            union all
            select recs.ridx, ids.t, ids.v
            from recs join {wh}.staging.stg_web__events e on recs.record_id = e.event_id
            cross join lateral (values ('client_id', e.client_id), ('crm_contact_id', e.user_id)) ids(t, v)
            where recs.source_file = 'raw_web_events'
        )
        select recs.ridx, recs.person_id, recs.ref_cluster, min(res.customer_id) as customer_id,
               count(distinct res.customer_id) as n_customers
        from recs
        left join rec_ids using (ridx)
        left join {wh}.intermediate.int_identifiers_resolved res
            on res.identifier_type = rec_ids.identifier_type and res.identifier_value = rec_ids.identifier_value
        group by all
    """)
    multi = con.execute("select count(*) from pred where n_customers > 1").fetchone()[0]
    assert multi == 0, f"{multi} records resolve to more than one customer"
    con.register("personal_arrow", pa.table({"ref_cluster": np.array(sorted(personal_cluster), dtype=np.int64)}))
    con.execute("create temp table personal as select * from personal_arrow")

    def sizes(sql: str) -> np.ndarray:
        return np.array([r[0] for r in con.execute(sql).fetchall()] or [0])

    predicted = _pairs(sizes("select count(*) from pred where customer_id is not null group by customer_id"))
    true_pos = _pairs(sizes("select count(*) from pred where customer_id is not null "
                            "group by customer_id, person_id"))
    reference = _pairs(sizes("select count(*) from pred where ref_cluster in (select * from personal) "
                             "group by ref_cluster"))
    found = _pairs(sizes("select count(*) from pred where customer_id is not null "
                         "and ref_cluster in (select * from personal) group by ref_cluster, customer_id"))
    merged = con.execute("select count(*) from (select customer_id from pred where customer_id is not null "
                         "group by 1 having count(distinct person_id) > 1)").fetchone()[0]
    resolved = con.execute("select count(*) from pred where customer_id is not null").fetchone()[0]
    customers = con.execute("select count(distinct customer_id) from pred").fetchone()[0]
    people = con.execute("select count(distinct person_id) from pred").fetchone()[0]
    return IdentityScore(n_rec, resolved, true_pos / predicted if predicted else 1.0,
                         found / reference if reference else 1.0, predicted, reference, merged, customers, people)
