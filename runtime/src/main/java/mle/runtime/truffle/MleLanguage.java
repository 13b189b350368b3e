package mle.runtime.truffle;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.Option;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.TruffleLanguage.ContextPolicy;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.Node;
import com.oracle.truffle.api.nodes.RootNode;
import com.oracle.truffle.api.source.Source;
import java.util.Map;
import mle.compiler.Compiler;
import mle.compiler.interrupt.Interruption;
import org.graalvm.options.OptionCategory;
import org.graalvm.options.OptionDescriptors;
import org.graalvm.options.OptionKey;
import org.graalvm.options.OptionStability;
import mle.compiler.source.SourceFile;

/**
 * The mle language for GraalVM polyglot. Evaluating a model's text returns a <b>model</b> object:
 *
 * <pre>{@code
 * try (Context context = Context.create("mle")) {
 *     Value model = context.eval("mle", text);
 *     model.getMember("name");                       // "LinearRegression"
 *     model.getMember("parameters");                 // ["a", "b", "σ"]: the order of θ below
 *     model.getMember("columns");                    // ["x", "y"]: the data columns it reads
 *     Value nll = model.invokeMember("bind", data);  // data: {x: [...], y: [...]} or [[x...], [y...]]
 *     Value nlp = model.invokeMember("bind", data, "map");   // the negative log-posterior instead
 *     double f = nll.execute(0.1, 2.0, 0.5).asDouble();      // or nll.execute(new double[] {0.1, 2.0, 0.5})
 *     double[] g = nll.invokeMember("gradient", 0.1, 2.0, 0.5).as(double[].class);
 *     Value h = nll.invokeMember("hessian", 0.1, 2.0, 0.5);  // an array of rows
 * }
 * }</pre>
 *
 * The model object: readable members {@code name}, {@code parameters} (the scalar parameters, β[1], β[2], …),
 * {@code columns} (column names as in a CSV header: X1, X2, …); invocable {@code bind(data[, mode])}, where
 * data is an array of columns in the order of {@code columns} or an object (or map) with a member per column,
 * each column an array of numbers of one common length, and mode is "mle" (default) or "map".
 *
 * <p>The bound objective is executable: given θ, the model's own parameters (σ on its natural scale, not
 * log σ), as separate numbers or one array, it returns the NLL (MLE) or the negative log-posterior (MAP)
 * with every constant. Invocable {@code value(θ)}, {@code gradient(θ)}, {@code hessian(θ)}; readable
 * {@code parameters}, {@code dimension}, {@code rows}, {@code mode}. A point where the objective is not a number (a
 * parameter outside its constraint, a scale below 0 in some row) raises an error that says which and where. The
 * data are copied at bind time. An invalid model raises a syntax error ({@code PolyglotException
 * .isSyntaxError()}) whose message is the compiler's located diagnostics.
 *
 * <p>Two context options bound what a host's guest may cost: {@code mle.TimeLimit}, the seconds that compiling a
 * model may take, and {@code mle.MemoryLimit}, the bytes that binding data may allocate (the copy of the data and
 * the objective's Hessian), e.g. {@code Context.newBuilder("mle").option("mle.TimeLimit", "5")}. Beyond them eval
 * and bind raise an error that says so.
 *
 * <p>Java code that optimises should use {@link TruffleObjective}, which works in the optimiser's
 * unconstrained coordinates; this object is the same compiled code in θ, for other languages and tools.
 */
@TruffleLanguage.Registration(id = MleLanguage.ID, name = "mle", version = "0.1",
        characterMimeTypes = MleLanguage.MIME_TYPE, defaultMimeType = MleLanguage.MIME_TYPE,
        contextPolicy = ContextPolicy.SHARED)
public final class MleLanguage extends TruffleLanguage<MleContext> {
    public static final String ID = "mle";
    public static final String MIME_TYPE = "application/x-mle";

    private static final LanguageReference<MleLanguage> REFERENCE = LanguageReference.create(MleLanguage.class);

    /** The language of the context entered on this thread; {@code node} may be null outside of guest code. */
    public static MleLanguage get(Node node) { return REFERENCE.get(node); }

    @Option(help = "Seconds that compiling a model may take (0: no limit).", category = OptionCategory.USER,
            stability = OptionStability.STABLE)
    static final OptionKey<Double> TimeLimit = new OptionKey<>(0.0);

    @Option(help = "Bytes that binding data to a model may allocate: the data's copy and the Hessian (0: no limit).",
            category = OptionCategory.USER, stability = OptionStability.STABLE)
    static final OptionKey<Long> MemoryLimit = new OptionKey<>(0L);

    @Override
    protected OptionDescriptors getOptionDescriptors() { return new MleLanguageOptionDescriptors(); }

    /** The options decide only limits, never what a model means: contexts with any of them may share code. */
    @Override
    protected boolean areOptionsCompatible(org.graalvm.options.OptionValues first, org.graalvm.options.OptionValues second) {
        return true;
    }

    @Override
    protected MleContext createContext(Env env) { return new MleContext(env); }

    /** Models and bound objectives are immutable and their call targets keep no state: any thread may call. */
    @Override
    protected boolean isThreadAccessAllowed(Thread thread, boolean singleThreaded) { return true; }

    @Override
    protected CallTarget parse(ParsingRequest request) {
        Source source = request.getSource();
        SourceFile file = new SourceFile(source.getName(), source.getCharacters().toString());
        double seconds = MleContext.get(null).env.getOptions().get(TimeLimit);
        Compiler.Compilation compilation;
        try {
            compilation = seconds > 0
                    ? Compiler.compile(file, Map.of(), java.time.Duration.ofNanos((long) (seconds * 1e9)))
                    : Compiler.compile(file, Map.of());
        } catch (Interruption.Stopped stopped) {
            throw MleException.error("compiling " + source.getName() + " reached the time limit of " + seconds
                    + " s (the option mle.TimeLimit) before it finished");
        }
        if (!compilation.succeeded()) throw MleException.syntaxError(source, compilation.diagnostics());
        return new ModelRootNode(this, new ModelObject(this, compilation.objective())).getCallTarget();
    }

    /** The root of a parsed model: evaluating the source yields the model object. */
    private static final class ModelRootNode extends RootNode {
        private final ModelObject model;

        ModelRootNode(MleLanguage language, ModelObject model) {
            super(language);
            this.model = model;
        }

        @Override
        public Object execute(VirtualFrame frame) { return model; }

        @Override
        public String getName() { return model.objective.modelName(); }
    }
}
