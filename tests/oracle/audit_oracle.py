"""Reference p-values for src/audit.rs's two-sided exact binomial test:
scipy.stats.binomtest(k, n, p).pvalue.

Run: /work/venv-stats/bin/python oracle/audit_oracle.py
"""
from scipy.stats import binomtest

for k, n, p in [(3, 10, 0.5), (15, 20, 0.3), (0, 50, 0.02), (140, 7000, 0.02),
                (180, 7000, 0.02), (3300, 160000, 0.02), (3120, 160000, 0.02),
                (9, 10, 1.0), (10, 10, 1.0), (1, 10, 0.0), (5, 10, 0.5)]:
    print(f"binomtest({k}, {n}, {p}) = {float(binomtest(k, n, p).pvalue)!r}")
