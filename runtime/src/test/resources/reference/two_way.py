"""Reference values for two groupings' effects (two-way fixed effects), independent of mle.

A Gaussian regression y = a[g] + c[h] + b1*x1 + b2*x2 + noise with 250 levels of g and 30 of h (two-way.csv, written
here: 2,000 rows, numpy's generator with seed 2027), solved by numpy's lstsq on the design with a column per level of
g and one per level of h but the first (so c[1] = 0, the normalisation mle states). The standard errors of b1 and b2
use σ̂² = RSS/n, the maximum-likelihood estimate, from (X̃ᵀX̃)⁻¹ of the dense design's (X'X)⁻¹ block; the NLL is
n/2·log(2πσ̂²) + n/2.
A Poisson regression k ~ PoissonLog(a[g] + c[h] + b*x) with 250 levels of g and 20 of h (two-way-poisson.csv, written
here: 2,000 rows, seed 2028; level 7 of g has counts all zero, so its effect runs off to -inf), fitted by statsmodels'
GLM on the design with a column per level of g and one per level of h but the first, without level 7's rows (the
limit of the fit with them). Its standard error of b is the Fisher information's, as mle's.
Run: python3 two_way.py  (numpy, statsmodels); it writes two-way-reference.txt, two-way.csv and two-way-poisson.csv.
"""
import numpy as np
import statsmodels.api as sm

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

rng = np.random.default_rng(2028)
n, G, H = 2000, 250, 20
g = np.concatenate([np.arange(1, G + 1), rng.integers(1, G + 1, n - G)])
h = np.concatenate([np.arange(1, H + 1), rng.integers(1, H + 1, n - H)])
x = rng.uniform(-1, 1, n)
k = rng.poisson(np.exp(0.5 + 0.4 * rng.normal(size=G)[g - 1] + 0.3 * rng.normal(size=H)[h - 1] + 0.6 * x))
k[g == 7] = 0
with open("two-way-poisson.csv", "w") as f:
    f.write("g,h,x,k\n")
    for row in zip(g, h, x, k):
        f.write(f"{row[0]},{row[1]},{float(row[2])!r},{row[3]}\n")
kept = g != 7
D = np.zeros((n, G + H - 1))
D[np.arange(n), g - 1] = 1
rows = h > 1
D[np.arange(n)[rows], G + h[rows] - 2] = 1
D = np.delete(D, 6, axis=1)[kept]
fit = sm.GLM(k[kept], np.column_stack([x[kept], D]), family=sm.families.Poisson()).fit(tol=1e-14, maxiter=200)
with open("two-way-reference.txt", "a") as out:
    out.write(f"poisson.b={float(fit.params[0])!r}\npoisson.se.b={float(fit.bse[0])!r}\n")
    for level in (1, 2, 250):
        out.write(f"poisson.a[{level}]={float(fit.params[1 + level - 1 - (level > 7)])!r}\n")
    for level in (2, 20):
        out.write(f"poisson.c[{level}]={float(fit.params[1 + G - 1 + level - 2])!r}\n")
