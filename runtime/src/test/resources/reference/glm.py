"""Reference values for logistic and Poisson regression with 200 predictors, independent of mle.

The data come from a SplitMix64 generator that GlmTest implements too (uniform variates only, so both languages
draw the same numbers): 1,000 rows, X uniform on [−1, 1), a log-odds or log-rate of 0.3 + X·β. statsmodels fits
them (Logit; GLM with the Poisson family) to convergence; glm-reference.txt gets the coefficients and standard
errors. Run: python3 glm.py  (numpy, statsmodels)
"""
import math
import numpy as np
import statsmodels.api as sm

from splitmix import SplitMix64


def data(seed, n, p, spread, family):
    g = SplitMix64(seed)
    X = np.array([[2 * g.uniform() - 1 for _ in range(p)] for _ in range(n)])
    beta = [spread * (2 * g.uniform() - 1) for _ in range(p)]
    y = np.zeros(n)
    for i in range(n):
        eta = 0.3
        for j in range(p):
            eta += X[i, j] * beta[j]
        u = g.uniform()
        if family == "logistic":
            y[i] = 1.0 if u < 1 / (1 + math.exp(-eta)) else 0.0
        else:
            rate, k = math.exp(eta), 0
            term = math.exp(-rate)
            total = term
            while u > total and k < 1000:
                k += 1
                term *= rate / k
                total += term
            y[i] = k
    return X, y


with open("glm-reference.txt", "w") as out:
    names = ["a"] + [f"b{j + 1}" for j in range(200)]
    X, y = data(2026, 1000, 200, 0.6, "logistic")
    fit = sm.Logit(y, sm.add_constant(X)).fit(method="newton", tol=1e-14, maxiter=200, disp=0)
    for name, v, se in zip(names, fit.params, fit.bse):
        out.write(f"logistic.{name}={float(v)!r}\nlogistic.se.{name}={float(se)!r}\n")
    X, y = data(1130, 1000, 200, 0.2, "poisson")
    fit = sm.GLM(y, sm.add_constant(X), family=sm.families.Poisson()).fit(tol=1e-14, maxiter=200)
    for name, v, se in zip(names, fit.params, fit.bse):
        out.write(f"poisson.{name}={float(v)!r}\npoisson.se.{name}={float(se)!r}\n")
