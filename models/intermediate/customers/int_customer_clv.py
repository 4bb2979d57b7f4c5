"""Customer lifetime value for the next 12 months, per customer with at least one transaction.

Transactions are the customer's revenue-bearing conversions (completed orders and donations,
membership join / renew / upgrade payments, paid event registrations), one per day. BG/NBD gives
the expected number of transactions in the next 52 weeks and the probability the customer is
still active; Gamma-Gamma gives the expected value of each (cjw.clv, with the formulas). CLV is
their product, in USD, undiscounted over one year.
"""

import numpy as np
import pyarrow as pa

from cjw.clv import fit_bgnbd, fit_gamma_gamma, rfm_sql
from cjw.relations import query_arrow

HORIZON_WEEKS = 52.0


def model(dbt, session):
    touchpoints = dbt.ref("int_touchpoints_identified")
    rfm = query_arrow(session, touchpoints, "t", rfm_sql("t", "(select max(occurred_at) from t)"))
    columns = {name: rfm.column(name).to_numpy(zero_copy_only=False) for name in
               ("frequency", "recency_weeks", "age_weeks", "monetary", "average_value")}
    x, t_x, age = columns["frequency"], columns["recency_weeks"], columns["age_weeks"]
    n = rfm.num_rows
    expected = np.full(n, np.nan)
    alive = np.full(n, np.nan)
    value = np.full(n, np.nan)
    if n >= 50 and (x > 0).sum() >= 20:
        bgnbd = fit_bgnbd(x, t_x, age)
        expected = bgnbd.expected_transactions(HORIZON_WEEKS, x, t_x, age)
        alive = bgnbd.probability_alive(x, t_x, age)
        value = fit_gamma_gamma(x, columns["monetary"]).expected_value(x, columns["monetary"])

    def arrow(values):
        # NaN (no fit, or no value): NULL, set by a mask over the whole column
        return pa.array(values, mask=np.isnan(values), type=pa.float64())

    return pa.table({
        "customer_id": rfm.column("customer_id"),
        "transaction_count": pa.array((x + 1).astype("int64")),
        "recency_weeks": rfm.column("recency_weeks"),
        "age_weeks": rfm.column("age_weeks"),
        "average_transaction_usd": rfm.column("average_value"),
        "expected_transactions_12m": arrow(expected),
        "probability_active": arrow(alive),
        "expected_transaction_value_usd": arrow(value),
        "clv_12m_usd": arrow(expected * value),
    })
