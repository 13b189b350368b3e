# What an R user runs for a small maximum-likelihood fit, for bin/bench startup: read a CSV column and fit a normal
# mean and scale with optim's BFGS on (mu, log sigma). Usage: Rscript bench_startup.R data.csv column
args <- commandArgs(trailingOnly = TRUE)
x <- read.csv(args[1])[[args[2]]]
nll <- function(theta) length(x) * theta[2] + 0.5 * sum((x - theta[1])^2) / exp(2 * theta[2]) + 0.5 * length(x) * log(2 * pi)
fit <- optim(c(0, 0), nll, method = "BFGS")
cat(fit$par[1], exp(fit$par[2]), fit$value, "\n")
