"""Reference values for a two-component normal mixture, independent of mle: scikit-learn's GaussianMixture (EM, no variance floor, to a
tolerance of 1e-14) on 300 draws, 40% from Normal(−1, 0.5) and 60% from Normal(2, 1), numpy's generator with seed 4,
written to samples/mixture/data.csv. Component 1 is the one with the smaller mean.
Run: python3 mixture.py  (numpy, scikit-learn); it writes mixture-reference.txt and the sample's data.
"""
import numpy as np
from sklearn.mixture import GaussianMixture

rng = np.random.default_rng(4)
n1 = rng.binomial(300, 0.4)
y = np.concatenate([rng.normal(-1, 0.5, n1), rng.normal(2, 1, 300 - n1)])
rng.shuffle(y)
with open("../../../../../samples/mixture/data.csv", "w") as f:
    f.write("y\n" + "".join(f"{v!r}\n" for v in y.tolist()))

gm = GaussianMixture(2, covariance_type="full", tol=1e-14, max_iter=100000, n_init=5, reg_covar=0, random_state=0).fit(y.reshape(-1, 1))
order = np.argsort(gm.means_.ravel())
with open("mixture-reference.txt", "w") as out:
    for k, c in enumerate(order, start=1):
        out.write(f"μ{k}={float(gm.means_.ravel()[c])!r}\nσ{k}={float(np.sqrt(gm.covariances_.ravel()[c]))!r}\n")
    out.write(f"θ={float(gm.weights_[order[0]])!r}\n")
    out.write(f"loglik={float(gm.score(y.reshape(-1, 1)) * len(y))!r}\n")
