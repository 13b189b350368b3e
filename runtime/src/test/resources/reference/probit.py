"""Reference values for a probit regression, independent of mle: statsmodels' Probit on the 1996 American National
Election Study sample (samples/probit-vote/data.csv, from statsmodels.datasets.anes96, public domain), vote on
selfLR, age, educ and income with an intercept, fitted by Newton's method to convergence.
Run: python3 probit.py  (pandas, statsmodels); it writes probit-reference.txt.
"""
import pandas as pd
import statsmodels.api as sm

data = pd.read_csv("../../../../../samples/probit-vote/data.csv")
X = sm.add_constant(data[["selfLR", "age", "educ", "income"]])
fit = sm.Probit(data["vote"], X).fit(method="newton", tol=1e-14, maxiter=100, disp=0)
names = ["a", "b_selfLR", "b_age", "b_educ", "b_income"]
with open("probit-reference.txt", "w") as out:
    for name, v, se in zip(names, fit.params, fit.bse):
        out.write(f"{name}={float(v)!r}\nse.{name}={float(se)!r}\n")
    out.write(f"loglik={float(fit.llf)!r}\n")
