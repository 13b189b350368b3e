package mle.api;

/** One parameter's estimate, standard error and 95% Wald interval (NaN where the information is singular). */
public record Estimate(String name, double value, double standardError, double lower, double upper) {}
