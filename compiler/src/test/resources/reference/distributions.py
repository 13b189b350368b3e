#!/usr/bin/env python3
"""Reference values for the distribution and special-function tests of mle.compiler.

Regenerate (needs python3 with scipy >= 1.17 and mpmath; the Java tests only read the CSVs):

    cd compiler/src/test/resources/reference && python3 distributions.py

Writes, next to this script:
  distributions.csv      distribution,x,arg1,arg2,arg3,logpdf,logpdf_mpmath
  special_functions.csv  function,order,x,value,value_mpmath (lgamma, polygamma, erf, erfc, log_erfc)
  moments.csv            distribution,arg1,arg2,arg3,mean,variance (scipy.stats' mean() and var())
  cdfs.csv               distribution,x,arg1,arg2,arg3,logcdf,logsf (scipy.stats' logcdf and logsf; for the
                         distributions with shapes, mpmath's at 50 digits: see cdfs())
  lgamma_differences.csv order,a,d,value: lgamma(a + d) − lgamma(a) (order 0), and the digamma (1) and trigamma (2)
                         differences, with digits enough for a + d (340 at a = 1e300)
  incomplete.csv         function,a,b,x,log,d_a,d_b,d_aa,d_ab,d_bb: log P(a, x), log Q(a, x) and log I_x(a, b) with
                         their derivatives in the shapes, by mpmath's numerical differentiation at 50 digits

`logpdf` is scipy.stats' log-density / log-mass with all constants, in Stan's parameterisations
mapped to scipy's (see SCIPY below). `logpdf_mpmath` is the same quantity from the textbook formula
evaluated with mpmath at 60 significant digits and rounded once to double: an exact reference that
shows where scipy itself loses digits (e.g. nbinom with p close to 1, large counts). The script
stops if the two disagree by more than 1e-9 relative, which would mean a mapping error.
Numbers are written with repr(), so they round-trip to the same double.
"""
import csv
import math
import os

import mpmath as mp
import numpy as np
import scipy
import scipy.special as sc
import scipy.stats as st

mp.mp.dps = 60
HERE = os.path.dirname(os.path.abspath(__file__))


def logistic(a):
    return sc.expit(a)


# Stan's parameterisations -> scipy.stats.
SCIPY = {
    "Normal": lambda x, mu, sigma: st.norm(loc=mu, scale=sigma).logpdf(x),
    "Laplace": lambda x, mu, b: st.laplace(loc=mu, scale=b).logpdf(x),
    "StudentT": lambda x, nu, mu, sigma: st.t(df=nu, loc=mu, scale=sigma).logpdf(x),
    "Cauchy": lambda x, mu, sigma: st.cauchy(loc=mu, scale=sigma).logpdf(x),
    "Logistic": lambda x, mu, s: st.logistic(loc=mu, scale=s).logpdf(x),
    "LogNormal": lambda x, mu, sigma: st.lognorm(s=sigma, scale=math.exp(mu)).logpdf(x),
    "Exponential": lambda x, lam: st.expon(scale=1 / lam).logpdf(x),
    "Gamma": lambda x, alpha, beta: st.gamma(a=alpha, scale=1 / beta).logpdf(x),
    "Beta": lambda x, alpha, beta: st.beta(alpha, beta).logpdf(x),
    "Uniform": lambda x, lo, hi: st.uniform(loc=lo, scale=hi - lo).logpdf(x),
    "Weibull": lambda x, alpha, sigma: st.weibull_min(c=alpha, scale=sigma).logpdf(x),
    "Bernoulli": lambda x, theta: st.bernoulli(p=theta).logpmf(x),
    # P(x = 0 | α) = P(x = 1 | −α): evaluating the more likely outcome through 1 − p would round to log 0.
    "BernoulliLogit": lambda x, a: st.bernoulli(p=logistic(a if x == 1 else -a)).logpmf(1),
    "Binomial": lambda x, n, theta: st.binom(n=n, p=theta).logpmf(x),
    "Poisson": lambda x, lam: st.poisson(mu=lam).logpmf(x),
    "PoissonLog": lambda x, a: st.poisson(mu=math.exp(a)).logpmf(x),
    "NegBinomial": lambda x, mu, phi: st.nbinom(n=phi, p=phi / (mu + phi)).logpmf(x),
}

M = mp.mpf
lg = mp.loggamma
log = mp.log


def softplus(a):
    return log(1 + mp.exp(a))


# The same log-densities from their formulas, in 60-digit arithmetic (independent of scipy).
MPMATH = {
    "Normal": lambda x, mu, s: -log(s) - log(2 * mp.pi) / 2 - ((x - mu) / s) ** 2 / 2,
    "Laplace": lambda x, mu, b: -log(2 * b) - abs(x - mu) / b,
    "StudentT": lambda x, nu, mu, s: lg((nu + 1) / 2) - lg(nu / 2) - log(nu * mp.pi) / 2 - log(s)
    - (nu + 1) / 2 * log(1 + ((x - mu) / s) ** 2 / nu),
    "Cauchy": lambda x, mu, s: -log(mp.pi) - log(s) - log(1 + ((x - mu) / s) ** 2),
    "Logistic": lambda x, mu, s: -log(s) - (x - mu) / s - 2 * log(1 + mp.exp(-(x - mu) / s)),
    "LogNormal": lambda x, mu, s: -log(s) - log(2 * mp.pi) / 2 - log(x) - ((log(x) - mu) / s) ** 2 / 2,
    "Exponential": lambda x, lam: log(lam) - lam * x,
    "Gamma": lambda x, a, b: a * log(b) - lg(a) + (a - 1) * log(x) - b * x,
    "Beta": lambda x, a, b: lg(a + b) - lg(a) - lg(b) + (a - 1) * log(x) + (b - 1) * log(1 - x),
    "Uniform": lambda x, lo, hi: -log(hi - lo),
    "Weibull": lambda x, a, s: log(a) - log(s) + (a - 1) * log(x / s) - (x / s) ** a,
    "Bernoulli": lambda x, t: log(t) if x == 1 else log(1 - t),
    "BernoulliLogit": lambda x, a: x * a - softplus(a),
    "Binomial": lambda x, n, t: lg(n + 1) - lg(x + 1) - lg(n - x + 1) + x * log(t) + (n - x) * log(1 - t),
    "Poisson": lambda x, lam: x * log(lam) - lam - lg(x + 1),
    "PoissonLog": lambda x, a: x * a - mp.exp(a) - lg(x + 1),
    "NegBinomial": lambda x, mu, phi: lg(x + phi) - lg(x + 1) - lg(phi) + phi * log(phi / (mu + phi))
    + x * log(mu / (mu + phi)),
}

# (x, args...) per distribution: ordinary points, then extreme-ish ones (tiny and huge scales,
# tails, x near the edges of the support, large counts, near-degenerate parameters).
POINTS = {
    "Normal": [(0.0, 0.0, 1.0), (1.5, -0.3, 2.2), (2.3, 2.88, 0.5306599664568481), (100.0, -50.0, 3.0),
               (1.00000001, 1.0, 1e-8), (-1e6, 1e6, 1e5), (1e-300, 0.0, 1e-150)],
    "Laplace": [(0.0, 0.0, 1.0), (1.5, -0.3, 2.2), (2.3, 2.4, 0.1), (-7.0, 3.0, 0.0145),
                (1e10, -1e10, 3e7), (0.5, 0.5, 4.0)],
    "StudentT": [(0.5, 3.0, 0.0, 1.0), (-2.0, 1.0, 0.5, 2.0), (10.0, 0.1, 1.0, 3.0), (1.2, 1e6, 0.0, 1.0),
                 (1e8, 2.5, 0.0, 1e-3), (0.3, 30.0, -1.0, 1e-6), (-4.0, 1e-3, 2.0, 0.5), (7.0, 4.5, 7.0, 1e4)],
    "Cauchy": [(0.0, 0.0, 1.0), (1e10, 0.0, 1.0), (3.0, -2.0, 1e-8), (0.5, 0.2, 100.0), (-1.7, -1.6, 0.3)],
    "Logistic": [(0.0, 0.0, 1.0), (50.0, 0.0, 1.0), (-50.0, 0.0, 1.0), (800.0, 0.0, 1.0), (-800.0, 0.0, 1.0),
                 (1.3, 0.7, 1e-6), (2.0, -3.0, 2.5)],
    "LogNormal": [(1.0, 0.0, 1.0), (1e-10, 0.0, 1.0), (1e10, 2.0, 3.0), (2.5, 0.9, 1e-3), (0.5, -1.0, 0.2),
                  (1e-300, -690.0, 1.0), (3.0, 1.0986122886681098, 1e-7)],
    "Exponential": [(1e-12, 3.0), (2.0, 0.5), (1e3, 1e-4), (5e-7, 1e6), (0.7, 1.0), (1e-300, 1e-300)],
    "Gamma": [(1.0, 1.0, 1.0), (2.5, 0.5, 3.0), (1e-8, 0.1, 2.0), (1e5, 1e5, 1.0), (3.0, 1e-3, 1e-4),
              (50.0, 200.0, 4.0), (1e-200, 2.0, 1.0), (0.4, 7.5, 1e6)],
    "Beta": [(0.5, 1.0, 1.0), (0.3, 2.0, 5.0), (1e-10, 0.5, 0.5), (1 - 1e-10, 0.5, 0.5), (0.25, 1e4, 3e4),
             (0.999, 1e-3, 1e-3), (1e-300, 2.0, 3.0), (0.6, 37.5, 12.25)],
    "Uniform": [(0.5, 0.0, 1.0), (-3.0, -10.0, 10.0), (1e-9, 0.0, 1e-8), (1e6, -1e6, 1e7), (2.0, 1.5, 2.5)],
    "Weibull": [(1.0, 1.0, 1.0), (2.5, 0.5, 3.0), (1e-8, 2.0, 1.0), (10.0, 5.0, 3.0), (0.01, 0.3, 1e3),
                (7.0, 1.0, 2.0), (1e5, 0.1, 1e-5), (3.3, 40.0, 3.2)],
    "Bernoulli": [(0, 0.3), (1, 0.3), (1, 1e-12), (0, 1e-12), (0, 1 - 1e-12), (1, 0.999999), (1, 0.5)],
    "BernoulliLogit": [(1, 0.0), (0, 2.5), (1, -40.0), (0, 40.0), (1, 700.0), (0, 700.0), (1, -700.0),
                       (0, -1e-10)],
    "Binomial": [(3, 10, 0.3), (0, 10, 0.3), (10, 10, 0.3), (500000, 1000000, 0.5), (1, 1000000, 1e-6),
                 (0, 5, 1e-12), (20, 1000, 0.02), (7, 9, 0.999)],
    "Poisson": [(0, 1.0), (3, 2.5), (0, 1e-10), (1000000, 1e6), (100, 1e-3), (7, 250.0), (12, 12.5)],
    "PoissonLog": [(0, 0.0), (3, 0.9), (1000000, 13.815510557964274), (0, -30.0), (100, 5.0), (2, 20.0),
                   (5, -3.0)],
    "NegBinomial": [(0, 1.0, 1.0), (3, 2.5, 0.7), (10, 3.0, 1e6), (100000, 1e5, 50.0), (0, 1e-3, 1e-3),
                    (50, 5.0, 0.1), (4, 4.0, 4.0), (1, 1e-6, 20.0)],
}


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def distributions():
    rows = []
    worst = {}
    for name, points in POINTS.items():
        for p in points:
            x, args = p[0], p[1:]
            s = float(SCIPY[name](*p))
            m = MPMATH[name](*[M(v) for v in p])
            m = float(m)
            if not (math.isfinite(s) and math.isfinite(m)):
                raise SystemExit(f"non-finite reference for {name}{p}: scipy {s}, mpmath {m}")
            err = rel(s, m) if abs(m) > 1 else abs(s - m)
            if err > 1e-9:
                raise SystemExit(f"scipy and mpmath disagree for {name}{p}: {s!r} vs {m!r}")
            worst[name] = max(worst.get(name, 0.0), err)
            padded = [repr(float(a)) for a in args] + [""] * (3 - len(args))
            rows.append([name, repr(float(x))] + padded + [repr(s), repr(m)])
    with open(os.path.join(HERE, "distributions.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["distribution", "x", "arg1", "arg2", "arg3", "logpdf", "logpdf_mpmath"])
        w.writerows(rows)
    print(f"{len(rows)} distribution rows; scipy's largest disagreement with mpmath "
          "(relative, absolute where |value| <= 1):")
    for name, e in worst.items():
        print(f"  {name:15s} {e:.2e}")


def special_functions():
    xs = [1e-8, 0.1, 0.5, 0.9999, 1.0, 1.000001, 1.5, 1.9999999, 2.0, 2.5, 3.7, 7.25, 10.0, 19.9, 20.0, 25.3,
          100.0, 1e4, 1e6, 1e10, 1e15]
    negatives = [-0.5, -2.3, -7.9, -1e-8]
    rows = []
    worst = 0.0
    for x in xs + negatives:
        s = float(sc.gammaln(x))
        m = float(mp.log(abs(mp.gamma(M(x)))) if x < 0 else mp.loggamma(M(x)))
        worst = max(worst, abs(s - m) / max(abs(m), 1.0))
        rows.append(["lgamma", "", repr(x), repr(s), repr(m)])
    for n in range(3):
        for x in xs + (negatives if n == 0 else []):
            s = float(sc.digamma(x)) if n == 0 else float(sc.polygamma(n, x))
            m = float(mp.polygamma(n, M(x)))
            worst = max(worst, abs(s - m) / max(abs(m), 1.0))
            rows.append(["polygamma", str(n), repr(x), repr(s), repr(m)])
    # The error function and log erfc, far into the tail where erfc underflows (log Φ of a probit model).
    for x in [-6.0, -3.0, -1.5, -1.0, -0.99, -0.5, -1e-8, 0.0, 1e-8, 0.3, 0.5, 0.99, 1.0, 1.01, 1.5, 2.0, 3.0, 5.0,
              10.0, 26.0, 27.0]:
        for name, s, m in [("erf", sc.erf(x), mp.erf(M(x))), ("erfc", sc.erfc(x), mp.erfc(M(x)))]:
            worst = max(worst, abs(float(s) - float(m)) / max(abs(float(m)), 1.0))
            rows.append([name, "", repr(x), repr(float(s)), repr(float(m))])
    for x in [-6.0, -1.0, 0.0, 0.5, 1.0, 2.0, 5.0, 10.0, 26.0, 30.0, 40.0, 100.0, 1e3]:
        s = float(sc.log_ndtr(-x * math.sqrt(2)) + math.log(2))
        m = float(mp.log(mp.erfc(M(x))))
        worst = max(worst, abs(s - m) / max(abs(m), 1.0))
        rows.append(["log_erfc", "", repr(x), repr(s), repr(m)])
    with open(os.path.join(HERE, "special_functions.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["function", "order", "x", "value", "value_mpmath"])
        w.writerows(rows)
    print(f"{len(rows)} special-function rows; scipy vs mpmath worst {worst:.2e}")


# The same distributions frozen, for their mean and variance (the fitted value and the Pearson residual's scale).
FROZEN = {
    "Normal": lambda mu, sigma: st.norm(loc=mu, scale=sigma),
    "Laplace": lambda mu, b: st.laplace(loc=mu, scale=b),
    "Cauchy": lambda mu, sigma: st.cauchy(loc=mu, scale=sigma),
    "StudentT": lambda nu, mu, sigma: st.t(df=nu, loc=mu, scale=sigma),
    "Logistic": lambda mu, s: st.logistic(loc=mu, scale=s),
    "LogNormal": lambda mu, sigma: st.lognorm(s=sigma, scale=math.exp(mu)),
    "Exponential": lambda lam: st.expon(scale=1 / lam),
    "Gamma": lambda alpha, beta: st.gamma(a=alpha, scale=1 / beta),
    "Beta": lambda alpha, beta: st.beta(alpha, beta),
    "Uniform": lambda lo, hi: st.uniform(loc=lo, scale=hi - lo),
    "Weibull": lambda alpha, sigma: st.weibull_min(c=alpha, scale=sigma),
    "Bernoulli": lambda theta: st.bernoulli(p=theta),
    "BernoulliLogit": lambda a: st.bernoulli(p=logistic(a)),
    "Binomial": lambda n, theta: st.binom(n=n, p=theta),
    "Poisson": lambda lam: st.poisson(mu=lam),
    "PoissonLog": lambda a: st.poisson(mu=math.exp(a)),
    "NegBinomial": lambda mu, phi: st.nbinom(n=phi, p=phi / (mu + phi)),
}

MOMENT_ARGS = {
    "Normal": [(0.3, 2.0)], "Laplace": [(-1.0, 0.7)], "StudentT": [(5.0, 1.0, 2.0), (2.5, 0.0, 1.0)],
    "Logistic": [(2.0, 0.5)], "LogNormal": [(0.2, 0.6)], "Exponential": [(1.7,)], "Gamma": [(2.5, 0.4)],
    "Beta": [(2.0, 5.0)], "Uniform": [(-1.0, 3.0)], "Weibull": [(1.5, 10.0), (0.7, 2.0)], "Bernoulli": [(0.3,)],
    "BernoulliLogit": [(-0.8,)], "Binomial": [(12.0, 0.35)], "Poisson": [(3.2,)], "PoissonLog": [(0.4,)],
    "NegBinomial": [(4.0, 2.5)],
}


def moments():
    with open(os.path.join(HERE, "moments.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["distribution", "arg1", "arg2", "arg3", "mean", "variance"])
        for name, cases in MOMENT_ARGS.items():
            for args in cases:
                d = FROZEN[name](*args)
                padded = [repr(float(a)) for a in args] + [""] * (3 - len(args))
                w.writerow([name] + padded + [repr(float(d.mean())), repr(float(d.var()))])


CDF_POINTS = {
    "Normal": [(0.3, 0.0, 1.0), (-6.0, 1.0, 0.8), (40.0, 0.0, 1.0), (-40.0, 0.0, 1.0)],
    "LogNormal": [(0.5, 0.2, 0.6), (30.0, 0.0, 0.5)],
    "Exponential": [(0.2, 1.7), (1e-9, 2.0), (30.0, 1.0)],
    "Weibull": [(3.0, 1.5, 10.0), (1e-6, 0.7, 2.0), (40.0, 2.0, 5.0)],
    "Logistic": [(2.5, 2.0, 0.5), (-30.0, 0.0, 1.0), (45.0, 0.0, 1.0)],
    "Cauchy": [(0.3, 0.0, 1.0), (-20.0, 1.0, 2.0)],
    "Uniform": [(0.5, -1.0, 3.0), (2.9, -1.0, 3.0)],
    "Laplace": [(-0.2, 0.5, 1.5), (2.0, 0.5, 1.5), (0.5, 0.5, 1.5), (-50.0, 0.0, 1.0), (50.0, 0.0, 1.0)],
    "Bernoulli": [(0.0, 0.3)],
    "BernoulliLogit": [(0.0, -0.8), (0.0, 3.0)],
    "Poisson": [(0.0, 3.2), (2.0, 3.2), (7.0, 3.2), (60.0, 20.0), (1.0, 40.0), (5.0, 1e-3), (150.0, 100.0)],
    "PoissonLog": [(3.0, 0.4), (30.0, 2.0)],
    "Gamma": [(1.0, 2.0, 1.5), (0.01, 0.5, 1.0), (40.0, 3.0, 0.5), (1e-6, 4.0, 2.0), (120.0, 100.0, 1.0),
              (3.0, 0.2, 0.05)],
    "StudentT": [(0.7, 3.0, 0.0, 1.0), (-2.5, 1.0, 0.5, 2.0), (-80.0, 4.0, 0.0, 1.0), (1e4, 2.5, 0.0, 1.0),
                 (0.1, 1e4, 0.0, 1.0), (-1.0, 0.5, 1.0, 1.0)],
    "Beta": [(0.3, 2.0, 5.0), (1e-9, 0.5, 2.0), (0.999999, 3.0, 0.5), (0.5, 40.0, 40.0), (0.02, 1.0, 1.0)],
    "Binomial": [(3.0, 10.0, 0.3), (0.0, 10.0, 0.3), (9.0, 10.0, 0.3), (10.0, 10.0, 0.3), (450.0, 1000.0, 0.5),
                 (2.0, 200.0, 0.2)],
    "NegBinomial": [(0.0, 2.0, 1.0), (3.0, 2.5, 0.7), (40.0, 3.0, 2.0), (10.0, 10.0, 1e4), (0.0, 1e-3, 5.0)],
}

# P(X ≤ x) and P(X > x) at 50 digits, from mpmath's incomplete gamma and beta functions or from a sum of the
# probabilities, in textbook forms that mle does not use (Student-t by the halves of the symmetric distribution).
mp.mp.dps = 50


def mp_cdf(name, x, *args):
    x = M(x)
    if name == "Gamma":
        a, rate = map(M, args)
        return mp.gammainc(a, 0, rate * x, regularized=True), mp.gammainc(a, rate * x, mp.inf, regularized=True)
    if name == "StudentT":
        nu, mu, s = map(M, args)
        t = (x - mu) / s
        tail = mp.betainc(nu / 2, M(1) / 2, 0, nu / (nu + t * t), regularized=True) / 2
        return (tail, 1 - tail) if t < 0 else (1 - tail, tail)
    if name == "Beta":
        a, b = map(M, args)
        return mp.betainc(a, b, 0, x, regularized=True), mp.betainc(a, b, x, 1, regularized=True)
    if name == "Binomial":
        n, t = map(M, args)
        below = mp.fsum(mp.binomial(n, j) * t ** j * (1 - t) ** (n - j) for j in range(int(x) + 1))
        above = mp.fsum(mp.binomial(n, j) * t ** j * (1 - t) ** (n - j) for j in range(int(x) + 1, int(n) + 1))
        return below, above
    if name == "NegBinomial":
        mu, phi = map(M, args)
        pmf = lambda k: mp.exp(lg(k + phi) - lg(k + 1) - lg(phi) + phi * log(phi / (mu + phi)) + k * log(mu / (mu + phi)))
        below = mp.fsum(pmf(j) for j in range(int(x) + 1))
        return below, 1 - below
    return None


def mp_log(p):
    return float(log(p)) if p > 0 else float("-inf")


def cdfs():
    with open(os.path.join(HERE, "cdfs.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["distribution", "x", "arg1", "arg2", "arg3", "logcdf", "logsf"])
        for name, cases in CDF_POINTS.items():
            for x, *args in cases:
                d = FROZEN[name](*args)
                padded = [repr(float(a)) for a in args] + [""] * (3 - len(args))
                logcdf, logsf = float(d.logcdf(x)), float(d.logsf(x))
                exact = mp_cdf(name, x, *args)
                if exact is not None:
                    exact = [mp_log(p) for p in exact]
                    for scipy_value, value in zip((logcdf, logsf), exact):
                        if math.isfinite(value) and rel(scipy_value, value) > 1e-7 and abs(value) > 1e-12:
                            print(f"note: scipy's {name}{(x, *args)} {scipy_value} against mpmath's {value}")
                    logcdf, logsf = exact
                w.writerow([name, repr(float(x))] + padded + [repr(logcdf), repr(logsf)])


# (function, a, b, x): the lower and upper incomplete gamma functions of shape a at x, and the incomplete beta
# function I_x(a, b), near their means and far into both tails.
INCOMPLETE_POINTS = [
    ("gamma_p", 0.5, None, 0.1), ("gamma_p", 2.5, None, 1.0), ("gamma_p", 2.5, None, 10.0), ("gamma_p", 10.0, None, 3.0),
    ("gamma_p", 100.0, None, 130.0), ("gamma_p", 0.1, None, 1e-5), ("gamma_p", 3.0, None, 60.0), ("gamma_p", 1e3, None, 990.0),
    ("gamma_q", 0.5, None, 0.1), ("gamma_q", 2.5, None, 1.0), ("gamma_q", 2.5, None, 10.0), ("gamma_q", 10.0, None, 3.0),
    ("gamma_q", 100.0, None, 130.0), ("gamma_q", 3.0, None, 60.0), ("gamma_q", 1e3, None, 990.0), ("gamma_q", 4.0, None, 0.01),
    ("beta", 0.5, 0.5, 0.1), ("beta", 2.0, 3.0, 0.4), ("beta", 2.0, 3.0, 0.9), ("beta", 0.1, 5.0, 0.01),
    ("beta", 50.0, 50.0, 0.3), ("beta", 50.0, 50.0, 0.7), ("beta", 5.0, 0.5, 0.999), ("beta", 1e3, 1e3, 0.45),
    ("beta", 2.5, 2.5, 1e-8), ("beta", 2.5, 2.5, 1 - 1e-8), ("beta", 3.0, 40.0, 0.5),
]


LGAMMA_DIFFERENCE_POINTS = [(0.5, 3.0), (2.5, 0.5), (19.0, 4.0), (20.0, 1.0), (25.0, 3.0), (100.0, 0.5), (1e4, 7.0),
                            (1e8, 0.5), (1e15, 12.0), (1e40, 3.0), (1e150, 5.0), (1e300, 0.5), (50.0, 500.0), (3.0, 0.0)]


def lgamma_differences():
    with open(os.path.join(HERE, "lgamma_differences.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["order", "a", "d", "value"])
        for a, d in LGAMMA_DIFFERENCE_POINTS:
            # Digits enough that a + d keeps d (a = 1e300 needs 300 of them) and 40 more for the difference.
            with mp.workdps(int(math.log10(max(a, 1))) + 40):
                A, D = M(a), M(d)
                values = [lg(A + D) - lg(A), mp.digamma(A + D) - mp.digamma(A), mp.polygamma(1, A + D) - mp.polygamma(1, A)]
            for order, v in enumerate(values):
                w.writerow([order, repr(float(a)), repr(float(d)), repr(float(v))])


def incomplete():
    def log_of(function, x):
        if function == "gamma_p":
            return lambda a: log(mp.gammainc(a, 0, x, regularized=True))
        if function == "gamma_q":
            return lambda a: log(mp.gammainc(a, x, mp.inf, regularized=True))
        return lambda a, b: log(mp.betainc(a, b, 0, x, regularized=True))

    with open(os.path.join(HERE, "incomplete.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["function", "a", "b", "x", "log", "d_a", "d_b", "d_aa", "d_ab", "d_bb"])
        for function, a, b, x in INCOMPLETE_POINTS:
            fn = log_of(function, M(x))
            if b is None:
                row = [fn(M(a)), mp.diff(fn, M(a), 1), 0, mp.diff(fn, M(a), 2), 0, 0]
                b_text = ""
            else:
                point = (M(a), M(b))
                row = [fn(*point)] + [mp.diff(fn, point, order) for order in ((1, 0), (0, 1), (2, 0), (1, 1), (0, 2))]
                b_text = repr(float(b))
            w.writerow([function, repr(float(a)), b_text, repr(float(x))] + [repr(float(v)) for v in row])


if __name__ == "__main__":
    print(f"scipy {scipy.__version__}, numpy {np.__version__}, mpmath {mp.__version__}")
    distributions()
    special_functions()
    moments()
    cdfs()
    incomplete()
    lgamma_differences()
