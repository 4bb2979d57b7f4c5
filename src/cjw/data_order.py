"""Rows in an order that depends on their values alone.

A fit or a summary statistic adds its rows up, and a sum of doubles depends on the order of its
terms in the last bits. The rows reach Python in the customers' id order, and a warehouse built
day by day keeps ids a fresh build of the same rows names differently: the same customers came in
another order, and the fits and metrics moved in their last bits. Sorted by their own values, the
same rows come in the same order, whatever the customers are called.
"""

from __future__ import annotations

import numpy as np


def data_order(*columns: np.ndarray) -> np.ndarray:
    """The permutation that sorts the rows by the first column, then the second, and so on (NaN
    last); rows equal in every column are interchangeable, so any order among them will do."""
    return np.lexsort(tuple(np.asarray(c) for c in columns[::-1]))


def in_data_order(*columns: np.ndarray) -> list[np.ndarray]:
    """The columns, their rows sorted by data_order."""
    order = data_order(*columns)
    return [np.asarray(c)[order] for c in columns]
