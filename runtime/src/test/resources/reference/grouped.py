"""Reference values for group effects (a vector indexed by a column of names), independent of mle.

1. Grunfeld's investment data (samples/grunfeld/data.csv, 220 rows, 11 firms): statsmodels OLS with one intercept per
   firm, invest ~ 0 + C(firm) + value + capital. Its standard errors use σ² = RSS/(n − p), as mle's --expected does.
2. A Poisson regression with one log-rate per region and a slope (grouped-poisson.csv, written here: 300 rows, five
   region names, numpy's generator with seed 2026): statsmodels GLM with the Poisson family.

C(…) orders the levels as sorted strings, which is mle's order too, so the k-th intercept is the k-th level in both.
Run: python3 grouped.py  (numpy, pandas, statsmodels); it writes grouped-reference.txt and grouped-poisson.csv.
"""
import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
import statsmodels.api as sm

out = open("grouped-reference.txt", "w")

grunfeld = pd.read_csv("../../../../../samples/grunfeld/data.csv")
fit = smf.ols("invest ~ 0 + C(firm) + value + capital", data=grunfeld).fit()
firms = sorted(grunfeld.firm.unique())
names = [f"a[{k + 1}]" for k in range(len(firms))] + ["b_value", "b_capital"]
for name, v, se in zip(names, fit.params, fit.bse):
    out.write(f"grunfeld.{name}={float(v)!r}\ngrunfeld.se.{name}={float(se)!r}\n")
out.write(f"grunfeld.rss={float(fit.ssr)!r}\n")

rng = np.random.default_rng(2026)
regions = np.array(["north", "east", "south", "west", "centre"])
n = 300
region = regions[rng.integers(0, len(regions), n)]
x = rng.uniform(-1, 1, n)
rate = {"centre": 0.2, "east": 1.1, "north": -0.4, "south": 0.7, "west": 1.5}
y = rng.poisson(np.exp(np.array([rate[r] for r in region]) + 0.8 * x))
data = pd.DataFrame({"y": y, "x": x, "region": region})
data.to_csv("grouped-poisson.csv", index=False, float_format="%.17g")
fit = smf.glm("y ~ 0 + C(region) + x", data=data, family=sm.families.Poisson()).fit(tol=1e-14)
names = [f"m[{k + 1}]" for k in range(len(regions))] + ["b"]
for name, v, se in zip(names, fit.params, fit.bse):
    out.write(f"poisson.{name}={float(v)!r}\npoisson.se.{name}={float(se)!r}\n")
out.close()
