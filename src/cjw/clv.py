"""Customer lifetime value: BG/NBD (how many more transactions) x Gamma-Gamma (how much each is worth).

Both are the textbook models (Fader, Hardie & Lee 2005), written out here with scipy so the whole
method is about 100 readable lines instead of a multi-hundred-MB dependency (pymc-marketing pulls
PyMC and PyTensor; `lifetimes` is unmaintained and breaks on current NumPy/pandas). Parameters are
fitted by maximum likelihood (L-BFGS on log-parameters), as `lifetimes` does.

Inputs per customer, in weeks: `frequency` x = repeat transactions (transaction days after the
first), `recency` t_x = weeks from the first to the last transaction, `age` T = weeks from the
first transaction to the end of the data; `monetary` = mean value of the repeat transactions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

from cjw.data_order import in_data_order


@dataclass(frozen=True)
class BgNbd:
    r: float
    alpha: float
    a: float
    b: float

    def _alive_odds(self, x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> np.ndarray:
        """a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x) for x > 0, else 0."""
        safe_x = np.maximum(x, 1)
        odds = (self.a / (self.b + safe_x - 1)) * np.exp(
            (self.r + x) * (np.log(self.alpha + age) - np.log(self.alpha + t_x))
        )
        return np.where(x > 0, odds, 0.0)

    def probability_alive(self, x, t_x, age) -> np.ndarray:
        x, t_x, age = (np.asarray(v, dtype=float) for v in (x, t_x, age))
        return 1.0 / (1.0 + self._alive_odds(x, t_x, age))

    def expected_transactions(self, horizon: float, x, t_x, age) -> np.ndarray:
        """Expected transactions in the next `horizon` weeks given each customer's history."""
        x, t_x, age = (np.asarray(v, dtype=float) for v in (x, t_x, age))
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        z = horizon / (alpha + age + horizon)
        term = 1.0 - np.exp((r + x) * np.log((alpha + age) / (alpha + age + horizon))) * hyp2f1(
            r + x, b + x, a + b + x - 1, z
        )
        numerator = (a + b + x - 1) / (a - 1) * term
        return numerator / (1.0 + self._alive_odds(x, t_x, age))


def bgnbd_log_likelihood(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> np.ndarray:
    r, alpha, a, b = params
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    part_no_drop = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + age)
    safe_x = np.maximum(x, 1)
    part_drop = betaln(a + 1, b + safe_x - 1) - betaln(a, b) - (r + x) * np.log(alpha + t_x)
    return common + np.where(x > 0, np.logaddexp(part_no_drop, part_drop), part_no_drop)


def fit_bgnbd(x, t_x, age) -> BgNbd:
    # the likelihood summed in data order (cjw.data_order): the same fit, to its last bit, whatever the ids
    x, t_x, age = in_data_order(*(np.asarray(v, dtype=float) for v in (x, t_x, age)))

    def objective(log_params: np.ndarray) -> float:
        return -float(np.sum(bgnbd_log_likelihood(np.exp(log_params), x, t_x, age)))

    result = minimize(objective, x0=np.log([1.0, 1.0, 1.0, 1.0]), method="L-BFGS-B",
                      bounds=[(-8.0, 8.0)] * 4)
    r, alpha, a, b = np.exp(result.x)
    return BgNbd(float(r), float(alpha), float(a), float(b))


@dataclass(frozen=True)
class GammaGamma:
    p: float
    q: float
    gamma: float

    def expected_value(self, x, monetary) -> np.ndarray:
        """Expected value of a future transaction; the population mean for customers with x = 0."""
        x, monetary = np.asarray(x, dtype=float), np.asarray(monetary, dtype=float)
        population = self.p * self.gamma / (self.q - 1)
        individual = self.p * (self.gamma + x * monetary) / (self.p * x + self.q - 1)
        return np.where(x > 0, individual, population)


def gamma_gamma_log_likelihood(params: np.ndarray, x: np.ndarray, monetary: np.ndarray) -> np.ndarray:
    p, q, gamma = params
    return (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(gamma)
            + (p * x - 1) * np.log(monetary) + p * x * np.log(x) - (p * x + q) * np.log(gamma + monetary * x))


def fit_gamma_gamma(x, monetary) -> GammaGamma:
    """Fitted on customers with at least one repeat transaction and a positive mean value."""
    x, monetary = np.asarray(x, dtype=float), np.asarray(monetary, dtype=float)
    keep = (x > 0) & (monetary > 0)
    x, monetary = in_data_order(x[keep], monetary[keep])

    def objective(log_params: np.ndarray) -> float:
        return -float(np.sum(gamma_gamma_log_likelihood(np.exp(log_params), x, monetary)))

    result = minimize(objective, x0=np.log([2.0, 3.0, float(np.mean(monetary))]), method="L-BFGS-B",
                      bounds=[(-8.0, 8.0), (np.log(1.01), 8.0), (-8.0, 15.0)])
    p, q, gamma = np.exp(result.x)
    return GammaGamma(float(p), float(q), float(gamma))


def rfm_sql(relation: str, cutoff: str) -> str:
    """Per customer: frequency, recency and age in weeks, mean repeat value and mean value, from
    the revenue-bearing conversions (one transaction per day) of `relation` (fct_touchpoints)
    up to the SQL timestamp expression `cutoff`; `future_transactions` counts the transaction
    days after it (for holdout checks)."""
    return f"""
        with days as (
            select customer_id, cast(occurred_at as date) as day, sum(revenue_usd) as value,
                   occurred_at > {cutoff} as is_future
            from {relation}
            where customer_id is not null and is_conversion and revenue_usd > 0
            group by customer_id, cast(occurred_at as date), occurred_at > {cutoff}
        ),
        past as (
            select *, row_number() over (partition by customer_id order by day) as n
            from days where not is_future
        ),
        future as (
            select customer_id, count(distinct day) as future_transactions
            from days where is_future group by customer_id
        )
        select
            past.customer_id,
            cast(count(*) - 1 as double) as frequency,
            date_diff('day', min(past.day), max(past.day)) / 7.0 as recency_weeks,
            date_diff('day', min(past.day), cast({cutoff} as date)) / 7.0 as age_weeks,
            coalesce(cast(avg(past.value) filter (where past.n > 1) as double), 0.0) as monetary,
            cast(avg(past.value) as double) as average_value,
            cast(coalesce(any_value(future.future_transactions), 0) as double) as future_transactions
        from past
        left join future on past.customer_id = future.customer_id
        group by past.customer_id
        order by past.customer_id
    """
