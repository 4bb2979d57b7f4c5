"""Lapse propensity: an L2-regularized logistic regression, and the AUC that evaluates it.

Kept deliberately small and transparent (numpy only): features are standardized with the training
means and deviations, weights are found by iteratively reweighted least squares (Newton's method),
and the AUC is the Mann-Whitney statistic with ties counted as one half.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

from cjw.data_order import data_order


@dataclass(frozen=True)
class LogisticModel:
    feature_names: tuple[str, ...]
    means: np.ndarray
    scales: np.ndarray
    intercept: float
    weights: np.ndarray

    def predict(self, features: np.ndarray) -> np.ndarray:
        z = (np.asarray(features, dtype=float) - self.means) / self.scales
        return 1.0 / (1.0 + np.exp(-(self.intercept + z @ self.weights)))

    def standardized_weights(self) -> dict[str, float]:
        return dict(zip(self.feature_names, (float(w) for w in self.weights), strict=True))


def fit_logistic(features: np.ndarray, labels: np.ndarray, feature_names: tuple[str, ...],
                 l2: float = 1.0, iterations: int = 50) -> LogisticModel:
    features = np.asarray(features, dtype=float)
    labels = np.asarray(labels, dtype=float)
    # the rows in data order (cjw.data_order): the means, deviations and Newton steps add the
    # same terms in the same order whatever the customers' ids, so the weights agree to the last bit
    order = data_order(*features.T, labels)
    features, labels = features[order], labels[order]
    means = features.mean(axis=0)
    scales = features.std(axis=0)
    scales[scales == 0] = 1.0
    design = np.column_stack([np.ones(len(features)), (features - means) / scales])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[0] = 0.0  # the intercept is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(design @ beta)))
        w = np.clip(p * (1 - p), 1e-9, None)
        gradient = design.T @ (labels - p) - penalty * beta
        hessian = (design * w[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.max(np.abs(step)) < 1e-8:
            break
    return LogisticModel(feature_names, means, scales, float(beta[0]), beta[1:])


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve: the chance a random positive outranks a random negative."""
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels, dtype=bool)
    positives, negatives = int(labels.sum()), int((~labels).sum())
    if positives == 0 or negatives == 0:
        return float("nan")
    ranks = rankdata(scores)
    return float((ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives))
