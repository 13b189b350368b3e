"""The statsmodels side of `bin/bench regression`: reads the CSV with pandas and fits OLS or Logit (Newton)."""
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
