"""Reference values for the lasso as a MAP (a Gaussian linear model with Laplace priors), independent of mle.

Model: y ~ Normal(a + X·β, σ), β_j ~ Laplace(0, b), 60 predictors, 120 rows, the intercept a without a prior.
For a fixed σ the MAP minimises ‖y − a − Xβ‖²/(2σ²) + Σ|β_j|/b, which is scikit-learn's Lasso with
alpha = σ²/(n·b) (the intercept unpenalised). Writes lasso.csv and lasso-reference.txt with:
  known.*  σ = 0.5 given: one Lasso fit;
  joint.*  σ estimated too: Lasso fits alternated with σ² = RSS/n until they agree to the last digits.
Run: python3 lasso.py  (numpy, scikit-learn)
"""
import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.linear_model import Lasso

rng = np.random.default_rng(7)
n, p, b = 120, 60, 0.04
X = rng.normal(0, 1, (n, p))
beta = np.zeros(p)
beta[:10] = rng.choice([-1, 1], 10) * rng.uniform(0.3, 2.0, 10)
y = 1.0 + X @ beta + rng.normal(0, 0.5, n)
header = ",".join([f"X{j + 1}" for j in range(p)] + ["y"])
np.savetxt("lasso.csv", np.column_stack([X, y]), delimiter=",", header=header, comments="", fmt="%.17g")


def lasso(sigma):
    m = Lasso(alpha=sigma**2 / (n * b), fit_intercept=True, tol=1e-15, max_iter=10_000_000)
    m.fit(X, y)
    return m.intercept_, m.coef_


with open("lasso-reference.txt", "w") as f:
    a, coef = lasso(0.5)
    f.write(f"known.a={float(a)!r}\n")
    for j, c in enumerate(coef):
        f.write(f"known.beta{j + 1}={float(c)!r}\n")
    # σ estimated: the joint MAP can have several stationary points (a large σ that zeroes every coefficient is
    # one), so minimise the profile F(σ) = n·log σ + min over (a, β) of RSS/(2σ²) + Σ|β|/b over log σ: a grid,
    # then scipy's bounded scalar minimiser around its best point, then alternation to the fixed point.
    def profile(log_sigma):
        s = np.exp(log_sigma)
        a, coef = lasso(s)
        rss = np.sum((y - a - X @ coef) ** 2)
        return n * log_sigma + rss / (2 * s * s) + np.sum(np.abs(coef)) / b

    grid = np.linspace(np.log(1e-3), np.log(2 * np.std(y)), 80)
    values = [profile(g) for g in grid]
    k = int(np.argmin(values))
    res = minimize_scalar(profile, bounds=(grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]), method="bounded",
                          options={"xatol": 1e-12})
    sigma = float(np.exp(res.x))
    for _ in range(100_000):
        a, coef = lasso(sigma)
        nxt = np.sqrt(np.mean((y - a - X @ coef) ** 2))
        if abs(nxt - sigma) <= 1e-15 * sigma:
            sigma = nxt
            break
        sigma = nxt
    f.write(f"joint.sigma={float(sigma)!r}\n")
    f.write(f"joint.a={float(a)!r}\n")
    for j, c in enumerate(coef):
        f.write(f"joint.beta{j + 1}={float(c)!r}\n")
