package mle.compiler.check;

import mle.compiler.ast.Identifier;
import mle.compiler.ast.Statement;

/** A declared name of a model. {@code size} is 0 for a scalar, else the number of elements. */
public sealed interface Symbol {
    Identifier id();

    int size();

    /** For messages: "data column", "parameter", … */
    String kind();

    default String name() { return id().text(); }

    default boolean isVector() { return size() > 0; }

    record Data(Identifier id, int size) implements Symbol {
        @Override public String kind() { return size > 0 ? "data vector" : "data column"; }
    }

    /**
     * {@code bounds} is the declared constraint as an interval, REAL when unconstrained. A {@code random} one is declared
     * with `random`: latent variables integrated out of the likelihood, not estimated (always unconstrained).
     */
    record Param(Identifier id, int size, Range bounds, Statement.Constraint constraint, boolean random) implements Symbol {
        public Param(Identifier id, int size, Range bounds, Statement.Constraint constraint) {
            this(id, size, bounds, constraint, false);
        }

        @Override public String kind() { return random ? "random effect" : "parameter"; }
    }

    record Const(Identifier id, int size, double[] values) implements Symbol {
        @Override public String kind() { return "constant"; }
    }

    record Let(Identifier id, Statement.LetDeclaration declaration, Type type) implements Symbol {
        @Override public int size() { return type.size(); }
        @Override public String kind() { return "local definition"; }
    }

    record Function(Identifier id, Statement.FunctionDeclaration declaration) implements Symbol {
        @Override public int size() { return 0; }
        @Override public String kind() { return "function"; }
    }
}
