"""First-order absorbing Markov chain attribution, computed exactly (linear algebra, no simulation).

States: `start`, one per channel, and the absorbing `conversion` and `null`. Each journey path
c1 > c2 > ... > ck adds the transitions start->c1, c1->c2, ..., ck->conversion (converted
journeys) or ck->null (closed journeys that did not convert); repeats of a channel are
self-transitions. With Q the transient-to-transient and R the transient-to-absorbing transition
probabilities, the absorption probabilities are B = (I - Q)^-1 R, and the conversion
probability is B[start, conversion].

The removal effect of a channel is the relative drop of that probability when the channel is
removed (every transition into it goes to null instead): RE(c) = 1 - P(without c) / P.
A channel's total credit is RE(c) / sum(RE) x total conversions (as in the ChannelAttribution
library).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

START, CONVERSION, NULL = "(start)", "(conversion)", "(null)"


@dataclass
class MarkovResult:
    channels: list[str]
    conversion_probability: float
    removal_effects: dict[str, float]
    total_conversions: float

    def total_credit(self) -> dict[str, float]:
        total = sum(self.removal_effects.values())
        if total <= 0:
            return dict.fromkeys(self.channels, 0.0)
        return {c: re / total * self.total_conversions for c, re in self.removal_effects.items()}


def transition_counts(paths: Iterable[tuple[Sequence[str], float, float]]) -> tuple[list[str], np.ndarray]:
    """Count transitions. paths: (channels in order, converted weight, not-converted weight)."""
    paths = list(paths)
    channels = sorted({c for p, _, _ in paths for c in p})
    states = [START, *channels, CONVERSION, NULL]
    index = {s: i for i, s in enumerate(states)}
    counts = np.zeros((len(states), len(states)))
    for path, converted, lost in paths:
        if not path or converted + lost == 0:
            continue
        weight = converted + lost
        steps = [START, *path]
        for a, b in zip(steps, steps[1:], strict=False):
            counts[index[a], index[b]] += weight
        counts[index[path[-1]], index[CONVERSION]] += converted
        counts[index[path[-1]], index[NULL]] += lost
    return states, counts


def conversion_probability(counts: np.ndarray, removed: int | None = None) -> float:
    """P(start reaches conversion) for the chain of these counts, optionally with one state removed."""
    counts = counts.copy()
    n = counts.shape[0]
    conv, null = n - 2, n - 1
    if removed is not None:
        counts[:, null] += counts[:, removed]
        counts[:, removed] = 0
        counts[removed, :] = 0
    totals = counts.sum(axis=1, keepdims=True)
    probs = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    transient = list(range(n - 2))
    if removed is not None:
        transient = [i for i in transient if i != removed]
    q = probs[np.ix_(transient, transient)]
    r = probs[np.ix_(transient, [conv])]
    # states nobody leaves (no outgoing counts) are dead ends: they absorb nowhere, probability 0
    absorbed = np.linalg.solve(np.eye(len(transient)) - q, r)
    return float(absorbed[transient.index(0), 0])


def removal_effects(paths: Iterable[tuple[Sequence[str], float, float]]) -> MarkovResult:
    paths = list(paths)
    states, counts = transition_counts(paths)
    channels = states[1:-2]
    base = conversion_probability(counts)
    effects = {}
    for i, channel in enumerate(channels, start=1):
        without = conversion_probability(counts, removed=i)
        effects[channel] = 1 - without / base if base > 0 else 0.0
    total = float(sum(c for _, c, _ in paths))
    return MarkovResult(channels, base, effects, total)
