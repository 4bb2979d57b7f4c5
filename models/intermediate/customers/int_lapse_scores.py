"""Lapse propensity per active customer: a logistic regression (cjw.lapse) trained on the `train`
cutoff of int_lapse_features, applied to the out-of-time `holdout` cutoff (its AUC is in
mart_model_evaluation) and to the data's end (`score`, the propensity published in dim_customers).
Returns one row per (sample, customer) with the predicted probability and, where known, the label.
"""

import numpy as np
import pyarrow as pa

from cjw.lapse import fit_logistic
from cjw.relations import query_arrow

FEATURES = (
    "days_since_last_conversion", "days_since_last_touch", "tenure_days", "conversions_365d",
    "log_revenue_365d", "touches_90d", "touches_365d", "conversions_total", "email_engagement_90d", "email_unsubscribes",
    "negative_touches_365d", "events_attended_365d", "channels_365d", "is_member_at_cutoff",
    "term_ends_within_horizon",
)


def model(dbt, session):
    features = dbt.ref("int_lapse_features")
    columns = ", ".join(f"cast({name} as double) as {name}" for name in FEATURES)
    table = query_arrow(
        session, features, "f", f"select sample, cutoff_date, customer_id, cast(lapsed as double) as lapsed, "
        f"{columns} from f order by sample, cutoff_date, customer_id")
    samples = np.array(table.column("sample").to_pylist(), dtype=object)
    matrix = np.column_stack([table.column(name).to_numpy(zero_copy_only=False) for name in FEATURES]) \
        if table.num_rows else np.zeros((0, len(FEATURES)))
    labels = table.column("lapsed").to_numpy(zero_copy_only=False)
    train = samples == "train"
    probabilities = np.full(table.num_rows, np.nan)
    if train.sum() >= 20 and 0 < np.nansum(labels[train]) < train.sum():
        fitted = fit_logistic(matrix[train], labels[train], FEATURES, l2=1.0)
        probabilities = fitted.predict(matrix)
    return pa.table({
        "sample": table.column("sample"),
        "cutoff_date": table.column("cutoff_date"),
        "customer_id": table.column("customer_id"),
        # NaN: no label, no probability (NULL), set by a mask over the whole column
        "lapsed": pa.array(labels != 0, mask=np.isnan(labels), type=pa.bool_()),
        "lapse_probability": pa.array(probabilities, mask=np.isnan(probabilities), type=pa.float64()),
    })
