"""Out-of-time check of the CLV transaction model: fit BG/NBD on everything up to 26 weeks before
the data's end, predict each customer's transactions in those last 26 weeks, compare with what
they did. Published through mart_model_evaluation (model `clv_bgnbd`)."""

import numpy as np
import pyarrow as pa

from cjw.clv import fit_bgnbd, rfm_sql
from cjw.data_order import in_data_order
from cjw.relations import query_arrow

HOLDOUT_WEEKS = 26


def model(dbt, session):
    touchpoints = dbt.ref("int_touchpoints_identified")
    cutoff = f"((select max(occurred_at) from t) - to_weeks({HOLDOUT_WEEKS}))"
    rfm = query_arrow(session, touchpoints, "t", rfm_sql("t", cutoff))
    # the customers in data order (cjw.data_order): the sums, the mean error and the correlation add
    # the same terms in the same order whatever the customers' ids, so they agree to the last bit
    x, t_x, age, actual = in_data_order(*(rfm.column(name).to_numpy(zero_copy_only=False).astype(float) for name in
                                          ("frequency", "recency_weeks", "age_weeks", "future_transactions")))
    metrics: dict[str, tuple[float, str]] = {"customers": (float(len(x)), "Customers with a transaction before the cutoff.")}
    if len(x) >= 50 and (x > 0).sum() >= 20:
        predicted = fit_bgnbd(x, t_x, age).expected_transactions(float(HOLDOUT_WEEKS), x, t_x, age)
        metrics.update({
            "predicted_transactions": (float(predicted.sum()), "Transactions the model expected in the holdout weeks."),
            "actual_transactions": (float(actual.sum()), "Transaction days that happened in the holdout weeks."),
            "total_error_pct": (float(100 * (predicted.sum() - actual.sum()) / max(actual.sum(), 1.0)),
                                "Predicted minus actual, in % of actual (aggregate calibration)."),
            "mean_absolute_error": (float(np.mean(np.abs(predicted - actual))),
                                    "Mean absolute error of the per-customer prediction (transactions)."),
            "correlation": (float(np.corrcoef(predicted, actual)[0, 1]),
                            "Pearson correlation of predicted and actual per customer."),
        })
    return pa.table({
        "metric": list(metrics),
        "value": [v for v, _ in metrics.values()],
        "definition": [d for _, d in metrics.values()],
    })
