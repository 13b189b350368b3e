"""Reference values for the lasso of a logistic regression as a MAP, independent of mle.

Model: y ~ BernoulliLogit(a + X·β), β_j ~ Laplace(0, b), 40 predictors, 300 rows, a without a prior; the MAP
minimises Σ log-loss + Σ|β_j|/b. Solved here by splitting β = β⁺ − β⁻ (both ≥ 0) into a smooth bound-constrained
problem for scipy's L-BFGS-B at tight tolerances; scikit-learn's LogisticRegression(penalty="l1", C=b, solver="saga")
solves the same problem and is printed beside it as a check. The data come from the SplitMix64 generator that
LogisticLassoTest implements too. Writes logistic-lasso-reference.txt. Run: python3 logistic_lasso.py
"""
import math
import numpy as np
from scipy.optimize import minimize

from splitmix import SplitMix64


n, p, b = 300, 40, 0.05
g = SplitMix64(77)
X = np.array([[2 * g.uniform() - 1 for _ in range(p)] for _ in range(n)])
true = [3 * (2 * g.uniform() - 1) if j < 6 else 0.0 for j in range(p)]
y = np.zeros(n)
for i in range(n):
    eta = 0.2 + sum(X[i, j] * true[j] for j in range(p))
    y[i] = 1.0 if g.uniform() < 1 / (1 + math.exp(-eta)) else 0.0


def split(z):
    return z[0], z[1:p + 1] - z[p + 1:]


def objective(z):
    a, beta = split(z)
    eta = a + X @ beta
    loss = np.sum(np.logaddexp(0, eta) - y * eta)
    mu = 1 / (1 + np.exp(-eta))
    grad_eta = X.T @ (mu - y)
    grad = np.concatenate([[np.sum(mu - y)], grad_eta + 1 / b, -grad_eta + 1 / b])
    return loss + np.sum(z[1:]) / b, grad


bounds = [(None, None)] + [(0, None)] * (2 * p)
res = minimize(objective, np.zeros(2 * p + 1), jac=True, method="L-BFGS-B", bounds=bounds,
               options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 100000, "maxcor": 50})
a, beta = split(res.x)
with open("logistic-lasso-reference.txt", "w") as f:
    f.write(f"a={float(a)!r}\n")
    for j, v in enumerate(beta):
        f.write(f"beta{j + 1}={float(v)!r}\n")
try:
    from sklearn.linear_model import LogisticRegression
    import warnings
    warnings.simplefilter("ignore")
    m = LogisticRegression(penalty="l1", C=b, solver="saga", tol=1e-14, max_iter=10_000_000).fit(X, y)
    print("largest difference from scikit-learn:", max(np.max(np.abs(m.coef_[0] - beta)), abs(m.intercept_[0] - a)))
except ImportError:
    pass
