package mle.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Supplier;
import mle.api.TimeLimitException;
import mle.compiler.Compiler;
import mle.compiler.LargeStack;
import mle.compiler.interrupt.Interruption;
import mle.runtime.optim.Options;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * `--time-limit`: one wall-time budget for the whole command, counted from its start: compiling, reading the data,
 * fitting, the standard errors and the profile all take their time from it, and the command ends with exit 3 and a
 * sentence naming the step that was cut short.
 */
final class TimeLimitOption {
    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "wall-time limit of the whole command: compiling, "
            + "reading the data, fitting and profiling (default 600)")
    double seconds = Options.defaults().timeLimit().toSeconds();

    /** When the command started (picocli makes its options as it parses the command line). */
    private final long start = startNanos();

    /** After the limit, how long a step may take to stop by itself before the command ends without it. */
    private static final Duration STOPPING = Duration.ofMillis(500);

    /**
     * Now, or for a run that bin/mle started again with the JIT (-Dmle.started, milliseconds since the epoch) when the
     * first run started: the restart keeps to what is left of the limit.
     */
    private static long startNanos() {
        long now = System.nanoTime();
        try {
            long ago = System.currentTimeMillis() - Long.parseLong(System.getProperty("mle.started", ""));
            return ago >= 0 && ago < 86_400_000L ? now - ago * 1_000_000L : now;
        } catch (NumberFormatException notARestart) {
            return now;
        }
    }

    /** The whole limit; bad usage unless a positive number of seconds. */
    Duration total(CommandLine cl) {
        if (!(seconds > 0)) throw new CommandLine.ParameterException(cl, "--time-limit must be a positive number of seconds");
        return Duration.ofNanos((long) Math.min(seconds * 1e9, Long.MAX_VALUE / 4.0));
    }

    /** What is left of the limit now (zero once it has passed). */
    Duration remaining(CommandLine cl) {
        Duration left = total(cl).minusNanos(System.nanoTime() - start);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Runs a step of the command within what is left of the limit, on a thread of its own, so that the limit holds
     * even for a step that cannot stop (opening a FIFO no one writes to blocks): when the limit comes first, the
     * command ends with exit 3 and a sentence naming {@code step} ("compiling m.mle", "reading d.csv").
     */
    <T> T run(String step, CommandLine cl, PrintWriter err, Supplier<T> work) {
        try {
            return LargeStack.callWithin(work, remaining(cl), STOPPING);
        } catch (Interruption.Stopped stopped) {
            throw cutShort(step, err);
        } catch (TimeLimitException e) {
            throw cutShort(e.step() == null ? step : e.step(), err);
        } catch (ModelOptions.Exit | CommandLine.ParameterException | mle.runtime.truffle.MleEngine.JitNeeded e) {
            throw e;
        } catch (RuntimeException e) {
            // Interrupted at the limit, a step may fail in its own words (a file's channel closed by the interrupt).
            if (Interruption.causedByInterrupt(e) || remaining(cl).isZero()) throw cutShort(step, err);
            throw e;
        }
    }

    /**
     * Work that keeps to what is left of the limit itself (a fit, a profile: they are given it): the step it names as
     * cut short ends the command as in {@link #run}.
     */
    <T> T kept(PrintWriter err, Supplier<T> work) {
        try {
            return work.get();
        } catch (TimeLimitException e) {
            throw cutShort(e.step() == null ? "the fit" : e.step(), err);
        }
    }

    /** Says that the limit cut {@code step} short; the exit that ends the command (3, as a fit that did not converge). */
    ModelOptions.Exit cutShort(String step, PrintWriter err) {
        return cutShort(step, "", err);
    }

    /** {@link #cutShort(String, PrintWriter)} with an aside on what the command still gives (", its ends …"). */
    ModelOptions.Exit cutShort(String step, String aside, PrintWriter err) {
        err.println("mle: the time limit of " + Numbers.sig(seconds, 6) + " s was reached before " + step + " finished"
                + aside + "; give it more time with --time-limit");
        return new ModelOptions.Exit(Main.NOT_CONVERGED);
    }
}
