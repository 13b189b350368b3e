"""What a Python user writes for one model with many group intercepts, to compare with `mle fit`:
- gaussian, y ~ Normal(a[g] + b*x, sigma): pandas reads the CSV, the within estimator (each column minus its group's
  mean) gives the slope, and sigma^2 = RSS/n;
- two-way, y ~ Normal(a[g] + c[h] + b*x, sigma) with h's levels a hundredth of g's: pandas reads the CSV, x and y are
  demeaned by g and by h in turn until they stop changing (alternating projections, 1e-10), then as above;
- poisson, k ~ PoissonLog(a[g] + b*x): pandas reads the CSV, and Newton's method on the conditional likelihood given
  each group's total (Hausman, Hall and Griliches) gives the slope.
Also writes the benchmark's data with `--make KIND ROWS LEVELS DIR` (numpy, seeded). Usage: KIND FILE."""
import sys

import numpy as np

if sys.argv[1] == "--make":
    kind, rows, levels, out = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    rng = np.random.default_rng(20)
    g = rng.integers(1, levels + 1, rows)
    g[:levels] = np.arange(1, levels + 1)          # every level has rows
    if kind == "two-way":
        h_levels = max(2, levels // 100)
        h = rng.integers(1, h_levels + 1, rows)
        h[:h_levels] = np.arange(1, h_levels + 1)
        x = rng.normal(size=rows) + 0.01 * g + 0.02 * h
        y = rng.normal(size=levels)[g - 1] * 2 + rng.normal(size=h_levels)[h - 1] + 1.5 * x + rng.normal(size=rows)
        np.savetxt(f"{out}/fe.csv", np.column_stack([g, h, x, y]), fmt=["%d", "%d", "%.6f", "%.6f"], delimiter=",",
                   header="g,h,x,y", comments="")
        with open(f"{out}/fe.mle", "w") as f:
            f.write(f"data g, h, x, y\nparam a[{levels}], c[{h_levels}], b\nparam σ > 0\n"
                    "y ~ Normal(a[g] + c[h] + b * x, σ)\n")
        sys.exit(0)
    if kind == "gaussian":
        x = rng.normal(size=rows) + 0.01 * g
        y = rng.normal(size=levels)[g - 1] * 2 + 1.5 * x + rng.normal(size=rows)
        fmt, model = ["%d", "%.6f", "%.6f"], "param σ > 0\ny ~ Normal(a[g] + b * x, σ)"
    else:
        x = rng.normal(size=rows)
        y = rng.poisson(np.exp(1 + 0.5 * rng.normal(size=levels)[g - 1] + 0.3 * x))
        fmt, model = ["%d", "%.6f", "%d"], "y ~ PoissonLog(a[g] + b * x)"
    np.savetxt(f"{out}/fe.csv", np.column_stack([g, x, y]), fmt=fmt, delimiter=",", header="g,x,y", comments="")
    with open(f"{out}/fe.mle", "w") as f:
        f.write(f"data g, x, y\nparam a[{levels}], b\n{model}\n")
    sys.exit(0)

import pandas as pd

d = pd.read_csv(sys.argv[2])
if sys.argv[1] == "two-way":
    g, h = d.g.to_numpy(), d.h.to_numpy()
    ng, nh = np.bincount(g), np.bincount(h)

    def demeaned(v):
        v = v.copy()
        while True:
            before = v.copy()
            v -= (np.bincount(g, weights=v) / np.maximum(ng, 1))[g]
            v -= (np.bincount(h, weights=v) / np.maximum(nh, 1))[h]
            if np.max(np.abs(v - before)) < 1e-10:
                return v

    xw, yw = demeaned(d.x.to_numpy()), demeaned(d.y.to_numpy())
    b = (xw * yw).sum() / (xw * xw).sum()
    rss = ((yw - b * xw) ** 2).sum()
    print(f"b = {b:.12g}, sigma = {np.sqrt(rss / len(d)):.12g}")
elif sys.argv[1] == "gaussian":
    xw = d.x - d.groupby("g").x.transform("mean")
    yw = d.y - d.groupby("g").y.transform("mean")
    b = (xw * yw).sum() / (xw * xw).sum()
    rss = ((yw - b * xw) ** 2).sum()
    print(f"b = {b:.12g}, sigma = {np.sqrt(rss / len(d)):.12g}")
else:
    g, x, y = d.g.to_numpy(), d.x.to_numpy(), d.y.to_numpy()
    total = np.bincount(g, weights=y)
    b = 0.0
    for _ in range(30):
        w = np.exp(b * x)
        s0, s1, s2 = np.bincount(g, weights=w), np.bincount(g, weights=w * x), np.bincount(g, weights=w * x * x)
        seen = s0 > 0
        mean = np.where(seen, s1 / np.where(seen, s0, 1), 0)
        gradient = (y * x).sum() - (total * mean).sum()
        curvature = (total * (np.where(seen, s2 / np.where(seen, s0, 1), 0) - mean * mean)).sum()
        step = gradient / curvature
        b += step
        if abs(step) < 1e-15:
            break
    print(f"b = {b:.12g}")
