"""The forecasting model (plain numpy, no store): daily volume by Holt-Winters, spread over the day
by each weekday's intraday profile.

Input: the history as arrays over days × intervals of the day (`contacts`, `handle` = handle-time
seconds summed over handled contacts, `handled`), oldest day first, and the weekday of its first day.

1. Daily totals y_t are forecast with Holt-Winters (additive trend, multiplicative weekly season,
   m = 7): level ℓ_t = α·y_t/s_{t-7} + (1-α)(ℓ_{t-1}+b_{t-1}), trend b_t = β(ℓ_t-ℓ_{t-1}) + (1-β)b_{t-1},
   season s_t = γ·y_t/ℓ_t + (1-γ)s_{t-7}; forecast ŷ_{T+h} = (ℓ_T + h·b_T)·s_{T+h-7⌈h/7⌉}. A weekday
   that is always closed has season 0 and stays 0. α, β, γ are chosen on a grid by the smallest
   squared one-step error after the first two weeks. With under two weeks of history the forecast
   is the mean of the same weekday (no trend).
2. The intraday profile of a weekday (share of the day's contacts per interval) and its average
   handle time per interval (weighted by handled contacts) come from its last `PROFILE_WEEKS`
   occurrences; an interval without handled contacts takes the weekday's, then the history's,
   then the queue's configured talk + work time.
3. Special days multiply their day's total by a factor (0 = closed, e.g. a holiday).
Accuracy: the same model fitted without the last `holdout` days forecasts them; WAPE = Σ|a-f| / Σa
and MAPE = mean |a-f|/a over intervals with contacts, both in percent, per interval.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PROFILE_WEEKS = 6
GRID_ALPHA = (0.05, 0.1, 0.2, 0.35, 0.5)
GRID_BETA = (0.0, 0.01, 0.05, 0.15)
GRID_GAMMA = (0.05, 0.1, 0.2, 0.4)
METHOD = "Holt-Winters (additive trend, weekly multiplicative season) x weekday intraday profile"


@dataclass
class Result:
    contacts: np.ndarray  # days x slots
    aht: np.ndarray  # days x slots, seconds
    alpha: float | None = None
    beta: float | None = None
    gamma: float | None = None


def _holt_winters(y: np.ndarray, alpha: float, beta: float, gamma: float, horizon: int) -> tuple[float, np.ndarray]:
    m = 7
    first = y[:m]
    second = y[m:2 * m]
    level = float(first.mean())
    trend = float((second.mean() - first.mean()) / m)
    season = np.where(level > 0, first / level if level > 0 else 0.0, 0.0).astype(float)
    sse = 0.0
    for t in range(m, len(y)):
        s = season[t % m]
        predicted = (level + trend) * s
        if t >= 2 * m:
            sse += (y[t] - predicted) ** 2
        prev = level
        if s > 1e-9:
            level = alpha * y[t] / s + (1 - alpha) * (level + trend)
        else:
            level = level + trend
        level = max(level, 0.0)
        trend = beta * (level - prev) + (1 - beta) * trend
        if level > 1e-9:
            season[t % m] = gamma * y[t] / level + (1 - gamma) * s
    n = len(y)
    out = np.array([max(0.0, (level + h * trend) * season[(n + h - 1) % m]) for h in range(1, horizon + 1)])
    return sse, out


def daily_forecast(y: np.ndarray, horizon: int) -> tuple[np.ndarray, tuple | None]:
    """Day totals for the `horizon` days after `y` (the first of `y` is any weekday; the cycle is
    the index mod 7), and the chosen (α, β, γ) (None for the weekday mean)."""
    if len(y) < 14:
        out = np.zeros(horizon)
        for h in range(horizon):
            same = y[(len(y) + h) % 7::7] if len(y) else np.zeros(1)
            out[h] = float(same.mean()) if len(same) else 0.0
        return out, None
    best = None
    for a in GRID_ALPHA:
        for b in GRID_BETA:
            for g in GRID_GAMMA:
                sse, out = _holt_winters(y, a, b, g, horizon)
                if best is None or sse < best[0]:
                    best = (sse, out, (a, b, g))
    return best[1], best[2]


def profiles(contacts: np.ndarray, handle: np.ndarray, handled: np.ndarray, first_weekday: int,
             default_aht: float) -> tuple[np.ndarray, np.ndarray]:
    """Per weekday (0 = Monday): the share of the day's contacts per interval, and the AHT per interval."""
    days, slots = contacts.shape
    share = np.zeros((7, slots))
    aht = np.full((7, slots), float(default_aht))
    total_handle, total_handled = handle.sum(), handled.sum()
    overall = total_handle / total_handled if total_handled > 0 else float(default_aht)
    for w in range(7):
        idx = [d for d in range(days) if (first_weekday + d) % 7 == w][-PROFILE_WEEKS:]
        if not idx:
            aht[w, :] = overall
            continue
        c = contacts[idx].sum(axis=0)
        if c.sum() > 0:
            share[w] = c / c.sum()
        hs, hn = handle[idx].sum(axis=0), handled[idx].sum(axis=0)
        day_aht = hs.sum() / hn.sum() if hn.sum() > 0 else overall
        aht[w] = np.where(hn > 0, hs / np.maximum(hn, 1e-9), day_aht)
    return share, aht


def forecast(contacts: np.ndarray, handle: np.ndarray, handled: np.ndarray, first_weekday: int, gap_days: int,
             horizon: int, default_aht: float, factors: dict[int, float] | None = None) -> Result:
    """Intervals of the `horizon` days that start `gap_days` after the history's last day
    (`factors`: day index in the horizon -> special-day factor)."""
    totals = contacts.sum(axis=1)
    daily, params = daily_forecast(totals, gap_days + horizon)
    daily = daily[gap_days:]
    share, aht = profiles(contacts, handle, handled, first_weekday, default_aht)
    days = len(totals)
    out = np.zeros((horizon, contacts.shape[1]))
    out_aht = np.zeros_like(out)
    for h in range(horizon):
        w = (first_weekday + days + gap_days + h) % 7
        factor = (factors or {}).get(h, 1.0)
        out[h] = daily[h] * factor * share[w]
        out_aht[h] = aht[w]
    a, b, g = params if params else (None, None, None)
    return Result(out, out_aht, a, b, g)


def accuracy(actual: np.ndarray, predicted: np.ndarray) -> tuple[float | None, float | None]:
    """(MAPE, WAPE) in percent over intervals; None where undefined (no contacts)."""
    total = float(actual.sum())
    wape = float(np.abs(actual - predicted).sum() / total * 100) if total > 0 else None
    mask = actual > 0
    mape = float((np.abs(actual[mask] - predicted[mask]) / actual[mask]).mean() * 100) if mask.any() else None
    return mape, wape


def holdout_accuracy(contacts: np.ndarray, handle: np.ndarray, handled: np.ndarray, first_weekday: int,
                     holdout: int, default_aht: float) -> tuple[float | None, float | None]:
    if holdout <= 0 or contacts.shape[0] - holdout < 7:
        return None, None
    fit = forecast(contacts[:-holdout], handle[:-holdout], handled[:-holdout], first_weekday, 0, holdout, default_aht)
    return accuracy(contacts[-holdout:], fit.contacts)
