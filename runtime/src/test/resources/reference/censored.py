"""Reference values for censored and truncated likelihoods, independent of mle (scipy.stats).

1. A Weibull survival sample (samples/survival/data.csv, written here): 200 subjects, survival times from a Weibull
   with shape 1.5 and scale 10, censored by follow-up times uniform on (0, 20); `time` is the earlier of the two and
   `status` is 1 where death was seen, 0 where the subject was censored. scipy's weibull_min.fit on CensoredData
   (location fixed at 0) gives the maximum-likelihood shape and scale; the log-likelihood at them is summed from
   scipy's logpdf and logsf.
2. The log-likelihood of six rows of a Normal(1.3, 0.7) truncated below at 0, one row of each kind: seen, censored
   from the right, from the left (then between 0 and y), and within an interval, from scipy's logpdf, logsf and cdf.
3. Poisson counts censored from the right and truncated above 20 (the censored-counts golden's rows), from scipy's
   logpmf, cdf and logcdf.
Run: python3 censored.py  (numpy, scipy); it writes censored-reference.txt and the sample's data.
"""
import numpy as np
from scipy import stats

rng = np.random.default_rng(2026)
n = 200
death = 10 * rng.weibull(1.5, n)
follow_up = rng.uniform(0, 20, n)
time = np.minimum(death, follow_up)
status = (death <= follow_up).astype(int)
with open("../../../../../samples/survival/data.csv", "w") as f:
    f.write("time,status\n" + "".join(f"{t!r},{s}\n" for t, s in zip(time.tolist(), status.tolist())))

data = stats.CensoredData(uncensored=time[status == 1], right=time[status == 0])
shape, loc, scale = stats.weibull_min.fit(data, floc=0)
dist = stats.weibull_min(shape, scale=scale)
loglik = dist.logpdf(time[status == 1]).sum() + dist.logsf(time[status == 0]).sum()

mu, sigma, low = 1.3, 0.7, 0.0
rows = [  # y, right, left, interval, upper
    (0.4, 0, 0, 0, 0.0), (2.5, 0, 0, 0, 0.0), (1.9, 1, 0, 0, 0.0), (0.8, 0, 1, 0, 0.0), (0.6, 0, 0, 1, 1.1),
    (3.2, 1, 0, 0, 0.0)]
norm = stats.norm(mu, sigma)
truncated = 0.0
for y, right, left, interval, upper in rows:
    # A row censored from the left under truncation below 0 lies between 0 and y.
    value = (norm.logsf(y) if right else np.log(norm.cdf(y) - norm.cdf(low)) if left
             else np.log(norm.cdf(upper) - norm.cdf(y)) if interval else norm.logpdf(y))
    truncated += value - norm.logsf(low)

# 3. Poisson counts censored from the right (a counter that tops out) and truncated above 20: the golden model
#    compiler/src/test/resources/golden/good/censored-counts.mle at a = 1, b = 0.5. A censored row lies in (k, 20].
counts = [(1, -1.0, 0), (2, -0.5, 0), (3, 0.0, 0), (5, 0.5, 1), (4, 0.8, 0), (7, 1.2, 0), (9, 1.5, 1)]
counts_loglik = 0.0
for k, x, topped in counts:
    pois = stats.poisson(np.exp(1.0 + 0.5 * x))
    value = np.log(pois.cdf(20) - pois.cdf(k)) if topped else pois.logpmf(k)
    counts_loglik += value - pois.logcdf(20)

with open("censored-reference.txt", "w") as out:
    out.write(f"weibull.shape={float(shape)!r}\nweibull.scale={float(scale)!r}\nweibull.loglik={float(loglik)!r}\n")
    out.write(f"truncated.loglik={float(truncated)!r}\n")
    out.write(f"counts.loglik={float(counts_loglik)!r}\n")
