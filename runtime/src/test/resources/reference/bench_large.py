"""What a Python user runs to fit a large Gaussian regression by maximum likelihood, for bin/bench large: pandas reads
the CSV, scipy's L-BFGS-B minimises the negative log-likelihood with its analytic gradient over (β, log σ).
Usage: python3 bench_large.py data.csv  (columns x1..xk, y)"""
import sys

import numpy as np
import pandas as pd
from scipy import optimize

frame = pd.read_csv(sys.argv[1])
y = frame["y"].to_numpy()
X = np.column_stack([np.ones(len(frame))] + [frame[c].to_numpy() for c in frame.columns if c != "y"])
n = len(y)


def nll_and_gradient(theta):
    beta, log_sigma = theta[:-1], theta[-1]
    r = y - X @ beta
    rss = r @ r
    s2 = np.exp(2 * log_sigma)
    value = n * log_sigma + 0.5 * rss / s2 + 0.5 * n * np.log(2 * np.pi)
    gradient = np.append(-(X.T @ r) / s2, n - rss / s2)
    return value, gradient


fit = optimize.minimize(nll_and_gradient, np.zeros(X.shape[1] + 1), jac=True, method="L-BFGS-B")
print(*fit.x[:-1], np.exp(fit.x[-1]), fit.fun)
