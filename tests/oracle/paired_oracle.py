"""Reference values for Tango's (1998) paired score interval, computed independently
of the Rust code: the restricted maximum-likelihood estimate of q21 is found by
numerical maximisation of the multinomial log-likelihood (not the closed form), and
each bound by brentq on the score statistic.

Run: /work/venv-stats/bin/python oracle/paired_oracle.py
"""
import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import norm

Z = norm.ppf(0.975)


def q21_restricted(b, c, n, delta):
    # cells: q12 = q21 + delta, q21, q11 + q22 = 1 - 2 q21 - delta
    m = n - b - c
    lo = max(0.0, -delta)
    hi = (1.0 - delta) / 2.0

    def negloglik(q):
        total = 0.0
        for count, p in ((b, q + delta), (c, q), (m, 1.0 - 2.0 * q - delta)):
            if count > 0:
                if p <= 0:
                    return np.inf
                total += count * np.log(p)
        return -total

    eps = 1e-15
    res = minimize_scalar(negloglik, bounds=(lo + eps, hi - eps), method="bounded",
                          options={"xatol": 1e-14, "maxiter": 2000})
    return res.x


def score(b, c, n, delta):
    q = q21_restricted(b, c, n, delta)
    return (b - c - n * delta) / np.sqrt(n * (2 * q + delta * (1 - delta)))


def tango(b, c, n):
    est = (b - c) / n
    low = -1.0 if est <= -1 else brentq(lambda d: score(b, c, n, d) - Z, -1 + 1e-9, est - 1e-12 if b + c > 0 else -1e-12, xtol=1e-14)
    high = 1.0 if est >= 1 else brentq(lambda d: score(b, c, n, d) + Z, est + 1e-12 if b + c > 0 else 1e-12, 1 - 1e-9, xtol=1e-14)
    return est, low, high


for b, c, n in [(40, 20, 160), (1, 7, 21), (6, 16, 161), (16, 8, 86), (0, 5, 30), (3, 0, 10), (0, 0, 25)]:
    est, low, high = tango(b, c, n)
    print(f"b={b} c={c} n={n}: ({est!r}, {low!r}, {high!r})")
