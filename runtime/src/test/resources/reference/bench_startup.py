"""What a Python user runs for a small maximum-likelihood fit, for bin/bench startup: read a CSV column with numpy and
fit a normal mean and scale with scipy's BFGS on (μ, log σ). Usage: python3 bench_startup.py data.csv column"""
import sys

import numpy as np
from scipy import optimize

x = np.genfromtxt(sys.argv[1], delimiter=",", names=True)[sys.argv[2]]


def nll(theta):
    mu, log_sigma = theta
    return len(x) * log_sigma + 0.5 * np.sum((x - mu) ** 2) / np.exp(2 * log_sigma) + 0.5 * len(x) * np.log(2 * np.pi)


fit = optimize.minimize(nll, [0.0, 0.0], method="BFGS")
print(fit.x[0], np.exp(fit.x[1]), fit.fun)
