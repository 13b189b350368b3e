"""Reference log-probabilities of Poisson and binomial counts, independent of mle (mpmath at 60 digits).

Simulation's exact samplers for large rates and counts (CountSampler: PTRS and BTRS) accept a proposal by comparing
log-probabilities; at a rate of 1e15 the terms of k·log λ − λ − lgamma(k + 1) are 1e16 each, so a double computes the
sum to no digits at all. These are the values the samplers' log-pmfs must give, from rates of 50 to 2⁵³ and counts
near the mean and in the tails. Each line: kind, k, then λ (poisson) or n and p (binomial), then log P(X = k) written
with 17 significant digits.
Run: python3 count_pmfs.py  (mpmath); it writes count-pmfs.txt.
"""
from mpmath import mp, mpf, log, loggamma

mp.dps = 60
TWO53 = 2 ** 53


def poisson(k, lam):
    k, lam = mpf(k), mpf(lam)
    return k * log(lam) - lam - loggamma(k + 1)


def binomial(k, n, p):
    k, n, p = mpf(k), mpf(n), mpf(p)
    return loggamma(n + 1) - loggamma(k + 1) - loggamma(n - k + 1) + k * log(p) + (n - k) * log(1 - p)


rows = []
for lam, ks in [(50.0, [0, 1, 38, 50, 51, 75, 200]),
                (1e3, [900, 1000, 1031, 1200]),
                (1e9, [10**9 - 150000, 10**9, 10**9 + 31623, 10**9 + 300000]),
                (1e15, [10**15 - 10**8, 10**15 - 1, 10**15, 10**15 + 31622776, 10**15 + 4 * 10**8]),
                (float(TWO53 - 2**31), [TWO53 - 2**31 - 3 * 10**8, TWO53 - 2**31 + 1, TWO53 - 1])]:
    for k in ks:
        rows.append(f"poisson {k} {lam!r} {mp.nstr(poisson(k, lam), 17, strip_zeros=False)}")
for n, p, ks in [(200, 0.3, [0, 40, 60, 61, 100, 200]),
                 (10**15, 0.3, [3 * 10**14 - 10**8, 3 * 10**14, 3 * 10**14 + 14491377, 3 * 10**14 + 10**9]),
                 (TWO53, 1e-10, [0, 900000, 900719, 901719, 910000]),
                 (TWO53, 0.5, [TWO53 // 2 - 2 * 10**8, TWO53 // 2, TWO53 // 2 + 47453133]),
                 (10**12, 0.999999, [10**12 - 10**6 - 3000, 10**12 - 10**6, 10**12 - 1, 10**12])]:
    for k in ks:
        rows.append(f"binomial {k} {n} {p!r} {mp.nstr(binomial(k, n, p), 17, strip_zeros=False)}")
with open("count-pmfs.txt", "w") as f:
    f.write("\n".join(rows) + "\n")
