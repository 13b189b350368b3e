"""Reference values for two groupings' effects (two-way fixed effects), independent of mle.

A Gaussian regression y = a[g] + c[h] + b1*x1 + b2*x2 + noise with 250 levels of g and 30 of h (two-way.csv, written
here: 2,000 rows, numpy's generator with seed 2027), solved by numpy's lstsq on the design with a column per level of
g and one per level of h but the first (so c[1] = 0, the normalisation mle states). The standard errors of b1 and b2
use σ̂² = RSS/n, the maximum-likelihood estimate, from (X̃ᵀX̃)⁻¹ of the dense design's (X'X)⁻¹ block; the NLL is
n/2·log(2πσ̂²) + n/2.
Run: python3 two_way.py  (numpy); it writes two-way-reference.txt and two-way.csv.
"""
import numpy as np

rng = np.random.default_rng(2027)
n, G, H = 2000, 250, 30
g = np.concatenate([np.arange(1, G + 1), rng.integers(1, G + 1, n - G)])
h = np.concatenate([np.arange(1, H + 1), rng.integers(1, H + 1, n - H)])
x1 = rng.normal(size=n) + 0.02 * g
x2 = 50 + rng.normal(size=n) * (1 + h % 3)
a, c = rng.normal(scale=3, size=G), rng.normal(scale=3, size=H)
y = a[g - 1] + c[h - 1] + 0.8 * x1 - 1.25 * x2 + rng.normal(size=n)
with open("two-way.csv", "w") as f:
    f.write("g,h,x1,x2,y\n")
    for row in zip(g, h, x1, x2, y):
        f.write(f"{row[0]},{row[1]},{float(row[2])!r},{float(row[3])!r},{float(row[4])!r}\n")

D = np.zeros((n, G + H - 1))
D[np.arange(n), g - 1] = 1
rows = h > 1
D[np.arange(n)[rows], G + h[rows] - 2] = 1
X = np.column_stack([x1, x2, D])
coef, _, rank, _ = np.linalg.lstsq(X, y, rcond=None)
assert rank == X.shape[1]
r = y - X @ coef
s2 = r @ r / n
cov = s2 * np.linalg.inv(X.T @ X)
with open("two-way-reference.txt", "w") as out:
    out.write(f"b1={float(coef[0])!r}\nb2={float(coef[1])!r}\n")
    out.write(f"se.b1={float(np.sqrt(cov[0, 0]))!r}\nse.b2={float(np.sqrt(cov[1, 1]))!r}\n")
    out.write(f"sigma={float(np.sqrt(s2))!r}\nnll={float(n / 2 * np.log(2 * np.pi * s2) + n / 2)!r}\n")
    for k in (1, 2, 125, G):
        out.write(f"a[{k}]={float(coef[2 + k - 1])!r}\n")
    for k in (2, 17, H):
        out.write(f"c[{k}]={float(coef[2 + G + k - 2])!r}\n")
