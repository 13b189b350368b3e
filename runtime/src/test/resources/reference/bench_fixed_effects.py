"""What a Python user writes for one model, y ~ Normal(a[g] + b*x, sigma) with many groups, to compare with `mle fit`:
pandas reads the CSV, the within estimator (each column minus its group's mean) gives the slope, and sigma^2 = RSS/n.
Also writes the benchmark's data with `--make ROWS LEVELS DIR` (numpy, seeded)."""
import sys

import numpy as np

if sys.argv[1] == "--make":
    rows, levels, out = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = np.random.default_rng(20)
    g = rng.integers(1, levels + 1, rows)
    g[:levels] = np.arange(1, levels + 1)          # every level has rows
    x = rng.normal(size=rows) + 0.01 * g
    y = rng.normal(size=levels)[g - 1] * 2 + 1.5 * x + rng.normal(size=rows)
    np.savetxt(f"{out}/fe.csv", np.column_stack([g, x, y]), fmt=["%d", "%.6f", "%.6f"], delimiter=",",
               header="g,x,y", comments="")
    with open(f"{out}/fe.mle", "w") as f:
        f.write(f"data g, x, y\nparam a[{levels}], b\nparam σ > 0\ny ~ Normal(a[g] + b * x, σ)\n")
    sys.exit(0)

import pandas as pd

d = pd.read_csv(sys.argv[1])
xw = d.x - d.groupby("g").x.transform("mean")
yw = d.y - d.groupby("g").y.transform("mean")
b = (xw * yw).sum() / (xw * xw).sum()
rss = ((yw - b * xw) ** 2).sum()
print(f"b = {b:.12g}, sigma = {np.sqrt(rss / len(d)):.12g}")
