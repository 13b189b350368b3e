"""The statsmodels side of `bin/bench regression`: reads the CSV with pandas and fits OLS or Logit (Newton).

Exits 3, as `mle fit` does, when Logit's Newton iterations end without converging (statsmodels itself only warns),
so the benchmark's table compares verdicts as well as times.
"""
import sys
import warnings

import pandas as pd
import statsmodels.api as sm

warnings.simplefilter("ignore")
data = pd.read_csv(sys.argv[1])
y = data.pop("y")
X = sm.add_constant(data)
fit = sm.OLS(y, X).fit() if sys.argv[2] == "gaussian" else sm.Logit(y, X).fit(disp=0, maxiter=100)
print(float(fit.params.iloc[1]))
if sys.argv[2] != "gaussian" and not fit.mle_retvals["converged"]:
    sys.exit(3)
