package mle.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The `mle` command. Exit codes follow sysexits: 0 success, 3 a fit that did not converge, 64 bad usage,
 * 65 bad input (a model or data with errors), 66 an input that cannot be read, 70 an internal error (a bug
 * in mle, never the user's fault), 71 out of memory, 73 an output file that cannot be written.
 */
@Command(name = "mle", mixinStandardHelpOptions = true, version = "mle 0.1.0",
        description = "Maximum-likelihood and maximum-a-posteriori estimation from a few declarative lines.")
public final class Main implements Runnable {
    public static final int OK = 0, NOT_CONVERGED = 3, USAGE = 64, BAD_INPUT = 65, NO_INPUT = 66, INTERNAL = 70,
            OUT_OF_MEMORY = 71, CANNOT_CREATE = 73;
    /** To bin/mle, not to users: run again with the JIT (see {@link mle.runtime.truffle.MleEngine#jitOnDemand()}). */
    public static final int RESTART_WITH_JIT = 75;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: fit, eval, check or derive (see mle --help)");
    }

    public static void main(String[] args) {
        mle.runtime.Phases.ended("start-up (process to main)");
        int code = run(args, new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true));
        mle.runtime.Phases.ended("the rest of the command");
        System.exit(code);
    }

    /** Runs the command line with the given streams; used by main and by tests. */
    /** The subcommands' names, in the order help lists them. */
    private static final List<String> COMMANDS = List.of("fit", "eval", "compare", "simulate", "check", "derive", "help");

    /** A new instance of the named subcommand (never held in a static field: the start-up cache cannot archive it). */
    private static Object command(String name) {
        return switch (name) {
            case "fit" -> new FitCommand();
            case "eval" -> new EvalCommand();
            case "compare" -> new CompareCommand();
            case "simulate" -> new SimulateCommand();
            case "check" -> new CheckCommand();
            case "derive" -> new DeriveCommand();
            default -> new CommandLine.HelpCommand();
        };
    }

    /**
     * The command line with the subcommand named first only, or every one (for help, a mistyped name, none): picocli
     * reads each subcommand's options by reflection when it is added, a fifth of a second for all of them at start-up.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        if (COMMANDS.contains(first) && !first.equals("help")) {
            cl.addSubcommand(first, command(first));
        } else {
            for (String name : COMMANDS) cl.addSubcommand(name, command(name));
        }
        return cl;
    }

    public static int run(String[] args, java.io.PrintWriter out, java.io.PrintWriter err) {
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("mle: " + ex.getMessage());
            err.println("Try `mle " + (ex.getCommandLine().getCommandName().equals("mle") ? "" : ex.getCommandLine().getCommandName() + " ")
                    + "--help` for usage.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (causedByMemory(ex)) return outOfMemory(err);
            for (Throwable t = ex; t != null; t = t.getCause()) if (t instanceof mle.runtime.truffle.MleEngine.JitNeeded) return RESTART_WITH_JIT;
            err.println("mle: internal error: " + ex + " — this is a bug in mle, not in your model; please report it.");
            if (System.getenv("MLE_DEBUG") != null) ex.printStackTrace(err);
            return INTERNAL;
        });
        int code;
        try {
            // The whole command, printing derivations included, recurses over expressions: give it the stack for it.
            code = mle.compiler.LargeStack.call(() -> cl.execute(args));
        } catch (OutOfMemoryError e) {
            code = outOfMemory(err);
        }
        out.flush();
        err.flush();
        return code;
    }

    /** Why a file could not be read or written, in words: never the exception's class name. */
    static String ioReason(java.io.IOException e, java.nio.file.Path file) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (java.nio.file.Files.isDirectory(file)) return "this is a directory, not a file";
        // The operating system's own words ("No space left on device"), without the path it repeats.
        String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (reason == null || reason.isBlank()) return "the operating system gave no reason";
        boolean capitalWord = reason.length() > 1 && Character.isUpperCase(reason.charAt(0)) && Character.isLowerCase(reason.charAt(1));
        return shown(capitalWord ? Character.toLowerCase(reason.charAt(0)) + reason.substring(1) : reason);
    }

    /**
     * A file name (or any text from outside) as a message shows it: control, line-breaking and bidirectional
     * characters escaped, so that a name cannot forge a line of its own or read backwards.
     */
    static String shown(Object text) {
        return mle.compiler.source.DiagnosticRenderer.escape(String.valueOf(text));
    }

    private static boolean causedByMemory(Throwable t) {
        for (; t != null; t = t.getCause()) if (t instanceof OutOfMemoryError) return true;
        return false;
    }

    /** What to do when the heap runs out: a sentence, not a stack trace (nothing has been written yet). */
    private static int outOfMemory(java.io.PrintWriter err) {
        long heap = Runtime.getRuntime().maxMemory() >> 20;
        err.println("mle: out of memory: this model and data need more than the " + heap + " MB of heap this run may "
                + "use; give it more, e.g. MLE_JAVA_OPTS=-Xmx" + Math.max(2, 2 * ((heap + 1023) >> 10)) + "g mle ...");
        return OUT_OF_MEMORY;
    }
}
