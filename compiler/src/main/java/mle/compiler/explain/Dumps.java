package mle.compiler.explain;

import java.util.ArrayList;
import java.util.List;
import mle.compiler.ir.Differentiator;
import mle.compiler.ir.IrPrinter;
import mle.compiler.ir.Naming;
import mle.compiler.ir.Node;
import mle.compiler.ir.Objective;
import mle.compiler.lower.Unconstrained;

/** The `--dump-ir` and `--dump-grad` views of a compiled objective, for the CLI and the goldens. */
public final class Dumps {
    private Dumps() {}

    /** The NLL, the negative log-prior and the NLP as one schedule: hoisted and shared nodes are named. */
    public static String ir(Objective o) {
        return IrPrinter.program(List.of("NLL", "negative log-prior", "NLP"),
                List.of(o.nll(), o.negLogPrior(), o.negLogPosterior()), o.naming());
    }

    /** The NLP and its gradient, in the model's parameters and in the optimiser's unconstrained coordinates. */
    public static String gradient(Objective o) {
        Differentiator d = new Differentiator(o.builder());
        Node nlp = o.negLogPosterior();
        StringBuilder text = new StringBuilder("# in the model's parameters\n");
        text.append(withGradient(nlp, o, d, o.naming(), p -> p.name()));
        if (o.params().stream().anyMatch(Objective.Parameter::isConstrained)) {
            Naming unconstrained = new Naming() {
                // Random effects are not the optimiser's coordinates: they keep their names.
                @Override public String param(int index) {
                    return index < o.params().size() ? coordinate(o.params().get(index)) : o.naming().param(index);
                }
                @Override public String column(int index) { return o.naming().column(index); }
                // An unconstrained vector keeps its name: its coordinates are its elements.
                @Override public String vector(int[] indices, boolean columns) {
                    boolean same = columns || java.util.Arrays.stream(indices).noneMatch(i -> o.variables().get(i).isConstrained());
                    return same ? o.naming().vector(indices, columns) : null;
                }
            };
            text.append("\n# in the optimiser's unconstrained coordinates (").append(String.join(", ",
                    o.params().stream().filter(Objective.Parameter::isConstrained)
                            .map(p -> coordinate(p) + " = " + Unconstrained.name(p)).toList())).append(")\n");
            text.append(withGradient(Unconstrained.rewrite(o, nlp), o, d, unconstrained, Dumps::coordinate));
        }
        return text.toString();
    }

    private static String coordinate(Objective.Parameter p) { return p.isConstrained() ? "u_" + p.name() : p.name(); }

    private static String withGradient(Node f, Objective o, Differentiator d, Naming naming,
                                       java.util.function.Function<Objective.Parameter, String> name) {
        List<String> labels = new ArrayList<>(List.of("NLP"));
        List<Node> outputs = new ArrayList<>(List.of(f));
        for (Objective.Parameter p : o.params()) {
            labels.add("∂NLP/∂" + name.apply(p));
            outputs.add(d.derivative(f, p.index()));
        }
        return IrPrinter.program(labels, outputs, naming);
    }
}
