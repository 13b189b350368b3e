# Reference values for random-effects fits, from lme4 (Debian's r-cran-lme4).
# Run from this directory: Rscript reference.R > reference.txt
# Writes sleepstudy.csv and cbpp.csv beside it (the data sets that ship with lme4), then prints each fit's
# estimates, log-likelihood and criterion with 12 significant digits.
suppressPackageStartupMessages(library(lme4))
options(digits = 12)

sleep <- sleepstudy
sleep$subj <- as.integer(factor(sleep$Subject))
write.csv(data.frame(y = sleep$Reaction, days = sleep$Days, subj = sleep$subj), "sleepstudy.csv", row.names = FALSE)
cb <- cbpp
cb$herd_id <- as.integer(cb$herd)
cb$p2 <- as.integer(cb$period == "2"); cb$p3 <- as.integer(cb$period == "3"); cb$p4 <- as.integer(cb$period == "4")
write.csv(data.frame(incidence = cb$incidence, size = cb$size, p2 = cb$p2, p3 = cb$p3, p4 = cb$p4, herd = cb$herd_id),
          "cbpp.csv", row.names = FALSE)

show <- function(name, fit) {
  cat("#", name, "\n")
  cat("lme4", as.character(packageVersion("lme4")), "\n")
  cat("fixef", format(fixef(fit), digits = 12), "\n")
  cat("fixef_se", format(sqrt(diag(as.matrix(vcov(fit)))), digits = 12), "\n")
  vc <- as.data.frame(VarCorr(fit))
  for (i in seq_len(nrow(vc))) cat("varcorr", vc$grp[i], vc$var1[i], ifelse(is.na(vc$var2[i]), "-", vc$var2[i]),
                                   "sdcor", format(vc$sdcor[i], digits = 12), "\n")
  cat("logLik", format(as.numeric(logLik(fit)), digits = 12), "\n")
  if (isREML(fit)) cat("REMLcrit", format(REMLcrit(fit), digits = 12), "\n")
  cat("nobs", nobs(fit), "\n")
  re <- ranef(fit, condVar = TRUE)[[1]]
  cat("ranef_first", format(as.numeric(re[1, ]), digits = 12), "\n")
  pv <- attr(re, "postVar"); q <- dim(pv)[1]
  cat("ranef_first_sd", format(sqrt(diag(matrix(pv[, , 1], q, q))), digits = 12), "\n")
  cat("\n")
}

show("sleepstudy intercept ML: Reaction ~ Days + (1 | Subject)", lmer(Reaction ~ Days + (1 | Subject), sleepstudy, REML = FALSE))
show("sleepstudy intercept REML", lmer(Reaction ~ Days + (1 | Subject), sleepstudy, REML = TRUE))
show("sleepstudy correlated ML: Reaction ~ Days + (Days | Subject)", lmer(Reaction ~ Days + (Days | Subject), sleepstudy, REML = FALSE))
show("sleepstudy correlated REML", lmer(Reaction ~ Days + (Days | Subject), sleepstudy, REML = TRUE))
show("cbpp binomial Laplace: cbind(incidence, size - incidence) ~ period + (1 | herd)",
     glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), cbpp, family = binomial))

# lme4's default optimiser stops within about 1e-8 of the correlated model's optimum (its estimates agree with a
# tighter run to about 1e-4); the same fit with BOBYQA run to a tight tolerance, for comparisons to 1e-6.
tight <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhobeg = 0.2, rhoend = 1e-12, maxfun = 1e5))
show("sleepstudy correlated ML, tight", lmer(Reaction ~ Days + (Days | Subject), sleepstudy, REML = FALSE, control = tight))
show("sleepstudy correlated REML, tight", lmer(Reaction ~ Days + (Days | Subject), sleepstudy, REML = TRUE, control = tight))
