"""Reference values for median regression (least absolute deviations), independent of mle.

Writes lad.csv (the data) and lad-reference.txt (the values): the coefficients and the sum of absolute residuals
from the linear program min Σ(u⁺ + u⁻) s.t. Xβ + u⁺ − u⁻ = y, u± ≥ 0, solved by scipy's HiGHS; and the standard
errors of statsmodels' QuantReg at q = 0.5 (its default covariance), fitted to convergence.
Run: python3 lad.py  (numpy, scipy, statsmodels)
"""
import numpy as np
from scipy.optimize import linprog
import statsmodels.api as sm

rng = np.random.default_rng(20261130)
n = 80
x1 = rng.uniform(0, 10, n)
x2 = rng.normal(0, 2, n)
y = 1.5 + 0.8 * x1 - 0.6 * x2 + rng.laplace(0, 0.7, n)
np.savetxt("lad.csv", np.column_stack([x1, x2, y]), delimiter=",", header="x1,x2,y", comments="", fmt="%.17g")

X = np.column_stack([np.ones(n), x1, x2])
p = X.shape[1]
c = np.concatenate([np.zeros(p), np.ones(n), np.ones(n)])
A = np.hstack([X, np.eye(n), -np.eye(n)])
bounds = [(None, None)] * p + [(0, None)] * (2 * n)
lp = linprog(c, A_eq=A, b_eq=y, bounds=bounds, method="highs")
beta = lp.x[:p]
sae = np.sum(np.abs(y - X @ beta))

qr = sm.QuantReg(y, X).fit(q=0.5, max_iter=100000, p_tol=1e-13)

with open("lad-reference.txt", "w") as f:
    for name, v in zip(["a", "b1", "b2"], beta):
        f.write(f"beta.{name}={float(v)!r}\n")
    f.write(f"sae={float(sae)!r}\n")
    for name, v in zip(["a", "b1", "b2"], qr.bse):
        f.write(f"se.{name}={float(v)!r}\n")
