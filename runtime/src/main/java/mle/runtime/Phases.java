package mle.runtime;

/**
 * Where a run's time goes, for those who make mle faster: with the environment variable MLE_PHASES set, each phase's
 * end prints a line to standard error with the milliseconds since the previous end (the first since the JVM
 * started) and since the start. Without it, nothing is printed and an end costs one branch. Never part of the output.
 */
public final class Phases {
    private Phases() {}

    private static final boolean ON = System.getenv("MLE_PHASES") != null;
    /** The JVM's start, on the clock of {@link System#nanoTime}. */
    private static long last = ON
            ? System.nanoTime() - java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L : 0;

    private static final long START = last;

    /** The phase {@code name} has ended (where {@code MLE_PHASES} is set, a line on standard error says how long it took). */
    public static void ended(String name) {
        if (!ON) return;
        synchronized (Phases.class) {
            long now = System.nanoTime();
            System.err.printf("mle phase: %-34s %7.1f ms  (at %7.1f ms)%n", name, (now - last) / 1e6, (now - START) / 1e6);
            last = now;
        }
    }
}
