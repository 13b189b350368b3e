package mle.runtime.truffle;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Engine;

/**
 * Polyglot engines for mle, and whether Graal compiles them. Without the JIT flags (JVMCI and the Graal
 * jars on the upgrade module path) Truffle silently runs its fallback interpreter, 50 to 80 times slower.
 * Truffle's own warning about that is turned off here and replaced by {@link #interpreterWarning()}, which
 * says what to do about it; it is printed once per JVM, on standard error, when such an engine is made.
 */
public final class MleEngine {
    /** What {@link Engine#getImplementationName()} says when there is no JIT. */
    public static final String INTERPRETED = "Interpreted";

    private static volatile String implementationName;
    private static final AtomicBoolean warned = new AtomicBoolean();

    private MleEngine() {}

    /**
     * The JVM's engine for objectives that were not handed one: made on first use and kept open, so that
     * every objective after the first costs a context (milliseconds) rather than an engine (about half a
     * second), and shares the engine's compiler threads.
     */
    public static Engine shared() { return Shared.ENGINE; }

    private static final class Shared {
        static final Engine ENGINE = create();
    }

    /** A new engine for the mle language; warns once (see the class comment) when it is not compiled. */
    public static Engine create() { return create(Map.of()); }

    /** A new engine with extra engine options (experimental ones are allowed); warns as {@link #create()}. */
    public static Engine create(Map<String, String> options) {
        Engine engine = Engine.newBuilder(MleLanguage.ID)
                .allowExperimentalOptions(true)
                .option("engine.WarnInterpreterOnly", "false")
                .options(options)
                .build();
        implementationName = engine.getImplementationName();
        warnIfInterpreted();
        return engine;
    }

    /** "GraalVM CE" (or similar) when Graal compiles Truffle code in this JVM, {@value #INTERPRETED} when not. */
    public static String implementationName() {
        String name = implementationName;
        if (name == null) {
            // Experimental options allowed: -Dpolyglot.engine.… properties apply to every engine built.
            try (Engine probe = Engine.newBuilder().allowExperimentalOptions(true)
                    .option("engine.WarnInterpreterOnly", "false").build()) {
                name = probe.getImplementationName();
            }
            implementationName = name;
        }
        return name;
    }

    /** True when objectives are JIT-compiled by Graal in this JVM. */
    public static boolean isJitCompiled() { return !INTERPRETED.equals(implementationName()); }

    /** What to tell a user whose JVM runs mle without the JIT. */
    public static String interpreterWarning() {
        return """
                mle: WARNING: the Graal JIT compiler is not active in this JVM, so objectives run in Truffle's \
                fallback interpreter, 50 to 80 times slower than compiled.
                mle: Start mle through bin/mle, which turns the JIT on; or run on a JDK 25 with \
                -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=<dir with the Graal \
                compiler, truffle-compiler, collections and word jars> (the build copies them to cli/target/jvmci).""";
    }

    /**
     * Whether the launcher started this JVM without the JIT for a large data file, to be restarted with it should the
     * fit need a compiled objective (bin/mle does: a fit that a direct solver finishes needs no JIT, and starts faster
     * without it). Then a compiled objective is never interpreted: {@link JitNeeded} ends the run first.
     */
    public static boolean jitOnDemand() { return "on-demand".equals(System.getProperty("mle.jit")); }

    /** Thrown where an objective would run interpreted on large data in a JVM that {@link #jitOnDemand() may restart}. */
    public static final class JitNeeded extends RuntimeException {
        public JitNeeded() { super("the objective needs the JIT: restart with it", null, false, false); }
    }

    /**
     * Whether the launcher chose the interpreter on purpose (bin/mle does for small data, where the JIT's start-up
     * would cost more than it saves): then output says so in a note, and nothing warns.
     */
    public static boolean interpretedOnPurpose() { return System.getProperty("mle.interpreted") != null; }

    /**
     * Prints {@link #interpreterWarning()} to standard error, once per JVM, if there is no JIT and nobody chose that (nor
     * asked for it on demand).
     */
    public static void warnIfInterpreted() {
        // Started for the JIT on demand, a run that needs compiled code restarts with it instead of running interpreted.
        if (!isJitCompiled() && !interpretedOnPurpose() && !jitOnDemand() && warned.compareAndSet(false, true)) {
            System.err.println(interpreterWarning());
        }
    }
}
