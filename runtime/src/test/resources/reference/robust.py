"""Reference values for sandwich (robust, Huber-White HC0) standard errors, independent of mle: statsmodels' OLS on the
linear-regression sample (samples/linear-regression/data.csv, y on X1, X2, X3 with an intercept) and Logit on the
probit-vote sample (samples/probit-vote/data.csv), both with cov_type="HC0".
Run: python3 robust.py  (pandas, statsmodels); it writes robust-reference.txt.
"""
import pandas as pd
import statsmodels.api as sm

out = open("robust-reference.txt", "w")
d = pd.read_csv("../../../../../samples/linear-regression/data.csv")
fit = sm.OLS(d["y"], sm.add_constant(d[["X1", "X2", "X3"]])).fit(cov_type="HC0")
for name, v, se in zip(["α", "β[1]", "β[2]", "β[3]"], fit.params, fit.bse):
    out.write(f"ols.{name}={float(v)!r}\nols.se.{name}={float(se)!r}\n")
v = pd.read_csv("../../../../../samples/probit-vote/data.csv")
fit = sm.Logit(v["vote"], sm.add_constant(v[["selfLR", "age", "educ", "income"]])).fit(method="newton", tol=1e-14, disp=0, cov_type="HC0")
for name, value, se in zip(["a", "b_selfLR", "b_age", "b_educ", "b_income"], fit.params, fit.bse):
    out.write(f"logit.{name}={float(value)!r}\nlogit.se.{name}={float(se)!r}\n")
out.close()
