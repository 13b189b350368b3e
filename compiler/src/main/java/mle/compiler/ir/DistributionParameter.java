package mle.compiler.ir;

/**
 * One parameter of a distribution: its name (Stan's, Greek where Stan's docs are Greek; the ASCII spelling
 * is accepted through name canonicalisation), what it means, and where it must lie.
 */
public record DistributionParameter(String name, String role, Support domain) {}
