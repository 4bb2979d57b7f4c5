"""The CLV models recover known parameters from data simulated by their own generative story."""

import csv
from pathlib import Path

import numpy as np

from cjw.clv import (
    BgNbd,
    GammaGamma,
    bgnbd_log_likelihood,
    fit_bgnbd,
    fit_gamma_gamma,
    gamma_gamma_log_likelihood,
)


def simulate_bgnbd(n: int, r: float, alpha: float, a: float, b: float, rng: np.random.Generator):
    age = rng.uniform(26, 78, n)  # weeks since each customer's first transaction
    rates = rng.gamma(r, 1 / alpha, n)
    drop = rng.beta(a, b, n)
    x = np.zeros(n)
    t_x = np.zeros(n)
    for i in range(n):  # test-only simulation, not a hot path
        t = 0.0
        while True:
            t += rng.exponential(1 / rates[i])
            if t > age[i]:
                break
            x[i] += 1
            t_x[i] = t
            if rng.random() < drop[i]:
                break
    return x, t_x, age


def test_bgnbd_recovers_parameters():
    rng = np.random.default_rng(11)
    truth = BgNbd(r=0.6, alpha=4.0, a=0.8, b=2.5)
    x, t_x, age = simulate_bgnbd(8000, truth.r, truth.alpha, truth.a, truth.b, rng)
    fitted = fit_bgnbd(x, t_x, age)
    assert abs(fitted.r - truth.r) / truth.r < 0.15
    assert abs(fitted.alpha - truth.alpha) / truth.alpha < 0.2
    # a and b are identified more loosely; their ratio (mean drop-out probability) well
    assert abs(fitted.a / (fitted.a + fitted.b) - 0.8 / 3.3) < 0.05
    # a new customer's expected transactions in a year equal the mean of fresh simulated years
    predicted = fitted.expected_transactions(52.0, [0], [0], [0])[0]
    fresh = np.random.default_rng(12)
    rates = fresh.gamma(truth.r, 1 / truth.alpha, 20000)
    drop = fresh.beta(truth.a, truth.b, 20000)
    counts = []
    for rate, p in zip(rates, drop, strict=True):
        t, n = 0.0, 0
        while True:
            t += fresh.exponential(1 / rate)
            if t > 52.0:
                break
            n += 1
            if fresh.random() < p:
                break
        counts.append(n)
    assert abs(predicted - np.mean(counts)) / np.mean(counts) < 0.1
    assert truth.probability_alive([0], [0], [10])[0] == 1.0
    assert 0 < fitted.probability_alive([3], [5], [60])[0] < 1


def test_bgnbd_conditional_expectation_ranks_recent_buyers_higher():
    model = BgNbd(r=0.6, alpha=4.0, a=0.8, b=2.5)
    # same frequency, the one who bought recently is more likely alive and buys more
    recent = model.expected_transactions(52.0, [4], [50], [52])[0]
    stale = model.expected_transactions(52.0, [4], [10], [52])[0]
    assert recent > stale > 0


def test_gamma_gamma_recovers_parameters():
    rng = np.random.default_rng(5)
    p, q, gamma = 6.0, 4.0, 15.0
    n = 6000
    nu = rng.gamma(q, 1 / gamma, n)
    x = rng.integers(1, 8, n)
    spend = np.array([rng.gamma(p, 1 / nu[i], x[i]).mean() for i in range(n)])
    fitted = fit_gamma_gamma(x, spend)
    assert abs(fitted.p * fitted.gamma / (fitted.q - 1) - p * gamma / (q - 1)) / (p * gamma / (q - 1)) < 0.1
    model = GammaGamma(p, q, gamma)
    # shrinkage: one big purchase is pulled toward the population mean, many purchases less so
    one = model.expected_value([1], [300.0])[0]
    many = model.expected_value([20], [300.0])[0]
    population = p * gamma / (q - 1)
    assert population < one < many < 300.0


def test_logistic_regression_finds_the_signal_and_auc_is_exact():
    from cjw.lapse import auc, fit_logistic

    rng = np.random.default_rng(3)
    n = 5000
    signal = rng.normal(size=n)
    noise = rng.normal(size=n)
    labels = rng.random(n) < 1 / (1 + np.exp(-(0.5 + 2.0 * signal)))
    model = fit_logistic(np.column_stack([signal, noise]), labels, ("signal", "noise"), l2=0.1)
    weights = model.standardized_weights()
    assert abs(weights["signal"] - 2.0) < 0.25 and abs(weights["noise"]) < 0.15
    assert auc(model.predict(np.column_stack([signal, noise])), labels) > 0.8
    # AUC by hand: 3 positives x 2 negatives, positive beats negative in 5 of 6 pairs, one tie
    assert auc(np.array([0.9, 0.8, 0.4, 0.4, 0.1]), np.array([1, 1, 1, 0, 0])) == (5 + 0.5) / 6
    assert auc(np.array([0.1, 0.2]), np.array([1, 0])) == 0.0


def test_fits_reach_the_published_maximum_likelihood_on_cdnow():
    """The CDNOW sample (2,357 customers of the CD retailer, 39 weeks of calibration; Fader &
    Hardie's public data set, as summarised per customer: x repeat transactions, t_x recency and T
    age in weeks, zbar mean repeat spend in USD). Published maximum-likelihood estimates: BG/NBD
    r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, log-likelihood -9582.4 (Fader, Hardie & Lee 2005,
    "Counting your customers the easy way"); Gamma-Gamma p = 6.25, q = 3.74, gamma = 15.44 (Fader &
    Hardie 2013, "The Gamma-Gamma model of monetary value"). An optimizer that stops short of the
    maximum lands below the published log-likelihood and fails here."""
    path = Path(__file__).parent / "data" / "cdnow_sample_summary.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2357
    x, t_x, age, zbar = (np.array([float(r[k]) for r in rows]) for k in ("x", "t_x", "T", "zbar"))

    bgnbd = fit_bgnbd(x, t_x, age)
    fitted = np.array([bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b])
    np.testing.assert_allclose(fitted, [0.243, 4.414, 0.793, 2.426], rtol=0.005)
    log_likelihood = float(np.sum(bgnbd_log_likelihood(fitted, x, t_x, age)))
    assert log_likelihood >= -9582.45, log_likelihood
    assert log_likelihood >= float(np.sum(bgnbd_log_likelihood(np.array([0.243, 4.414, 0.793, 2.426]), x, t_x, age)))

    spend = fit_gamma_gamma(x, zbar)
    np.testing.assert_allclose([spend.p, spend.q, spend.gamma], [6.25, 3.74, 15.44], rtol=0.005)
    repeaters = (x > 0) & (zbar > 0)
    assert float(np.sum(gamma_gamma_log_likelihood(np.array([spend.p, spend.q, spend.gamma]), x[repeaters],
                                                   zbar[repeaters]))) >= float(np.sum(
        gamma_gamma_log_likelihood(np.array([6.25, 3.74, 15.44]), x[repeaters], zbar[repeaters])))
