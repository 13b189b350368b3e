package mle.compiler.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints IR as readable math: `n·log(σ) + Σᵢ (yᵢ − (a + b·xᵢ))² / (2·σ²)`. Data reads carry the row
 * subscript ᵢ; a row sum is Σᵢ. {@link #program} also prints the schedule with shared nodes named.
 */
public final class IrPrinter {
    private final Naming naming;
    private final Map<Node, String> named;
    /** A DOT's text, kept: it takes p steps to build, and a derivation prints it in each of p gradient lines. */
    private final Map<Node, String> dots = new HashMap<>();
    /** What is left of the current expression's budget, in characters of its leaves (about 8 each). */
    private long remaining = Long.MAX_VALUE;

    private IrPrinter(Naming naming, Map<Node, String> named) {
        this.naming = naming;
        this.named = named;
    }

    public static String inline(Node node) { return inline(node, Naming.GENERIC); }

    public static String inline(Node node, Naming naming) { return new IrPrinter(naming, Map.of()).print(node, 0); }

    /**
     * {@link #inline} for many nodes of one objective, sharing the work of printing what they have in common, each
     * printed to about {@code characters} characters: beyond that the rest is an ellipsis, so that a term over a
     * vector of 100,000 elements is a line, not 20 MB built in minutes.
     */
    public static java.util.function.Function<Node, String> inliner(Naming naming, int characters) {
        IrPrinter printer = new IrPrinter(naming, Map.of());
        return node -> {
            printer.remaining = characters;
            return printer.print(node, 0);
        };
    }

    /**
     * The whole computation of {@code outputs}, in schedule order: shared sub-expressions (used more than
     * once) get names t1, t2, …, so that hoisting and sharing are visible in goldens.
     */
    public static String program(List<String> labels, List<Node> outputs, Naming naming) {
        Schedule schedule = new Schedule(outputs);
        Map<Node, Integer> uses = new HashMap<>();
        for (Node n : allNodes(schedule)) for (Node a : n.args) uses.merge(a, 1, Integer::sum);
        for (Node o : outputs) uses.merge(o, 1, Integer::sum);
        Map<Node, String> names = new HashMap<>();
        IrPrinter printer = new IrPrinter(naming, names);
        StringBuilder out = new StringBuilder();
        section(out, "before the loop over rows", schedule.beforeLoop, uses, names, printer, "t", outputs);
        List<Node> rowNodes = new ArrayList<>();
        for (Node n : schedule.perRow) if (n.op != Op.DATA) rowNodes.add(n);
        section(out, "each row i", rowNodes, uses, names, printer, "r", outputs);
        section(out, "after the loop", schedule.afterLoop, uses, names, printer, "u", outputs);
        out.append("outputs:\n");
        for (int i = 0; i < outputs.size(); i++) {
            Node o = outputs.get(i);
            String shown = names.containsKey(o) ? names.get(o) + " = " + printer.print(o, 0, true) : printer.print(o, 0);
            out.append("  ").append(labels.get(i)).append(" = ").append(shown).append('\n');
        }
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<Node> nodes, Map<Node, Integer> uses,
                                Map<Node, String> names, IrPrinter printer, String prefix, List<Node> outputs) {
        List<String> lines = new ArrayList<>();
        for (Node n : nodes) {
            if (uses.getOrDefault(n, 0) < 2 || outputs.contains(n)) continue;
            String name = prefix + (lines.size() + 1);
            lines.add("  " + name + " = " + printer.print(n, 0, true));
            names.put(n, name);
        }
        if (lines.isEmpty()) return;
        out.append(title).append(":\n");
        for (String l : lines) out.append(l).append('\n');
    }

    private static List<Node> allNodes(Schedule s) {
        List<Node> all = new ArrayList<>();
        all.addAll(s.beforeLoop);
        all.addAll(s.perRow);
        all.addAll(s.rowSums);
        all.addAll(s.afterLoop);
        return all;
    }

    private static String join(String left, char sign, String right) {
        // Past the budget: one ellipsis stands for all that follows, however many terms.
        if (right.equals("…") && left.endsWith("…")) return left;
        boolean negative = right.startsWith("−");
        char joined = negative ? (sign == '+' ? '−' : '+') : sign;
        return left + " " + joined + " " + (negative ? right.substring(1) : right);
    }

    // Precedence: 1 additive, 2 multiplicative, 3 unary minus, 4 power, 5 atoms.
    private String print(Node n, int context) { return print(n, context, false); }

    private String print(Node n, int context, boolean expandSelf) {
        if (!expandSelf && named.containsKey(n)) return named.get(n);
        // Past the budget a whole subtree prints as one ellipsis, without being visited.
        if (remaining <= 0) return "…";
        if (n.op.isLeaf() || n.op == Op.DOT) remaining -= 8;
        String text;
        int precedence;
        switch (n.op) {
            case CONST -> {
                text = n.symbol != null ? n.symbol : number(n.value);
                precedence = n.symbol != null && n.symbol.matches(".*[ +−·/].*") ? 2 : (n.value < 0 ? 3 : 5);
            }
            case PARAM -> { text = naming.param(n.index); precedence = 5; }
            case DATA -> { text = subscript(naming.column(n.index)); precedence = 5; }
            case ROWS -> { text = "n"; precedence = 5; }
            // A term that prints with a leading minus joins the sum with its sign: a − b, never a + −b or a − −b.
            case ADD -> {
                String runs = withProductRuns(n);
                text = runs != null ? runs : join(print(n.arg(0), 1), '+', print(n.arg(1), 1));
                precedence = 1;
            }
            case SUB -> {
                String x = logNormalCdfArgument(n);
                text = x != null ? "log Φ(" + x + ")" : join(print(n.arg(0), 1), '−', print(n.arg(1), 2));
                precedence = x != null ? 5 : 1;
            }
            case MUL -> {
                String x = normalCdfArgument(n);
                text = x != null ? "Φ(" + x + ")" : factor(n.arg(0)) + "·" + factor(n.arg(1));
                precedence = x != null ? 5 : 2;
            }
            case DIV -> { text = print(n.arg(0), 2) + " / " + print(n.arg(1), 3); precedence = 2; }
            case POW -> { text = print(n.arg(0), 5) + exponent(n.arg(1)); precedence = 4; }
            // −(n·x) and (−n)·x are the same number, so a product needs no parentheses after a minus.
            case NEG -> { text = "−" + print(n.arg(0), 2); precedence = 3; }
            case ROW_SUM -> { text = "Σᵢ " + print(n.arg(0), 2); precedence = 2; }
            case DOT -> { text = dots.computeIfAbsent(n, this::dot); precedence = 2; }
            case ABS -> { text = "|" + print(n.arg(0), 0) + "|"; precedence = 5; }
            case SELECT -> {
                // IrBuilder.sameFunction: one function written two ways for their rounding; the second is the one to read
                Node i = n.arg(0);
                if (n.arity() == 3 && i.op == Op.ADD && i.arg(0).isConst(1) && i.arg(1).op == Op.STEP) return print(n.arg(2), context);
                text = select(n);
                precedence = 5;
            }
            // Iverson's bracket: 1 when the statement inside holds, else 0.
            case INDICATOR -> { text = "[" + print(n.arg(0), 0) + " = " + n.index + "]"; precedence = 5; }
            case POLYGAMMA -> {
                text = (n.index == 0 ? "digamma" : n.index == 1 ? "trigamma" : "polygamma" + n.index)
                        + "(" + print(n.arg(0), 0) + ")";
                precedence = 5;
            }
            case ATAN2, LOG_SUM_EXP, LOG_GAMMA_P, LOG_GAMMA_Q -> {
                text = n.op.name().toLowerCase() + "(" + print(n.arg(0), 0) + ", " + print(n.arg(1), 0) + ")";
                precedence = 5;
            }
            // Printed as the difference it is: lgamma(a + d) − lgamma(a), digamma(…) − digamma(…), trigamma(…) − trigamma(…)
            case LGAMMA_DIFF -> {
                String f = n.index == 0 ? "lgamma" : n.index == 1 ? "digamma" : "trigamma";
                text = f + "(" + print(n.arg(0), 0) + " + " + print(n.arg(1), 1) + ") − " + f + "(" + print(n.arg(0), 0) + ")";
                precedence = 1;
            }
            case LOG_GAMMA_P_SHAPE, LOG_GAMMA_Q_SHAPE -> {
                text = "∂" + (n.index == 2 ? "²" : "") + "/∂s" + (n.index == 2 ? "²" : "") + " " + (n.op == Op.LOG_GAMMA_P_SHAPE ? "log_gamma_p" : "log_gamma_q")
                        + "(" + print(n.arg(0), 0) + ", " + print(n.arg(1), 0) + ")";
                precedence = 5;
            }
            // y = 1 − x is there for its digits only: the function is of a, b and x
            case LOG_BETA_INC, LOG_BETA_INC_SHAPE -> {
                String call = "log_beta_inc(" + print(n.arg(0), 0) + ", " + print(n.arg(1), 0) + ", " + print(n.arg(2), 0) + ")";
                text = n.op == Op.LOG_BETA_INC ? call : "∂" + "a".repeat(n.index / 10) + "b".repeat(n.index % 10) + " " + call;
                precedence = 5;
            }
            default -> { text = n.op.name().toLowerCase() + "(" + print(n.arg(0), 0) + ")"; precedence = 5; }
        }
        return precedence < context ? "(" + text + ")" : text;
    }

    /** `Xᵢ·β` when the columns and parameters are runs of one vector each, else dot([x₁ᵢ, …], [β₁, …]). */
    private String dot(Node n) {
        int[] columns = new int[n.dotLength()], params = new int[n.dotLength()];
        for (int k = 0; k < columns.length; k++) {
            columns[k] = n.dotColumn(k).index;
            params[k] = n.dotWeight(k).index;
        }
        String x = naming.vector(columns, true), beta = naming.vector(params, false);
        if (x != null && beta != null) return subscript(x) + "·" + beta;
        StringBuilder text = new StringBuilder("dot([");
        for (int k = 0; k < columns.length; k++) text.append(k == 0 ? "" : ", ").append(subscript(naming.column(columns[k])));
        text.append("], [");
        for (int k = 0; k < params.length; k++) text.append(k == 0 ? "" : ", ").append(naming.param(params[k]));
        return text.append("])").toString();
    }

    /**
     * A sum in which the products of consecutive data columns and parameters of one vector each, X[1]ᵢ·β[1] + X[2]ᵢ·β[2]
     * + …, print as one `Xᵢ·β` (or `X[2..4]ᵢ·β[2..4]`), as written with `dot`; null when the sum has no such run.
     */
    private String withProductRuns(Node sum) {
        if (named.containsKey(sum)) return null;
        List<Node> terms = new ArrayList<>();
        flattenSum(sum, terms);
        List<String> parts = new ArrayList<>();
        boolean found = false;
        for (int i = 0; i < terms.size(); ) {
            int j = i;
            while (j < terms.size() && isColumnTimesParameter(terms.get(j))) j++;
            int end = j;
            // The longest run starting at i whose columns and parameters are each consecutive elements of one vector.
            String run = null;
            for (; end - i >= 2 && run == null; end--) run = productRun(terms.subList(i, end));
            if (run != null) {
                parts.add(run);
                found = true;
                i = end + 1;
            } else {
                parts.add(print(terms.get(i), 1));
                i++;
            }
        }
        if (!found) return null;
        String text = parts.getFirst();
        for (int k = 1; k < parts.size(); k++) text = join(text, '+', parts.get(k));
        return text;
    }

    private void flattenSum(Node n, List<Node> into) {
        if (n.op == Op.ADD && !named.containsKey(n)) {
            flattenSum(n.arg(0), into);
            flattenSum(n.arg(1), into);
        } else {
            into.add(n);
        }
    }

    private static boolean isColumnTimesParameter(Node n) {
        return n.op == Op.MUL && (n.arg(0).op == Op.DATA && n.arg(1).op == Op.PARAM || n.arg(0).op == Op.PARAM && n.arg(1).op == Op.DATA);
    }

    /** `Xᵢ·β` for products X[k]ᵢ·β[k] over one run of each vector, else null. */
    private String productRun(List<Node> products) {
        int[] columns = new int[products.size()], params = new int[products.size()];
        for (int k = 0; k < columns.length; k++) {
            Node p = products.get(k);
            Node column = p.arg(0).op == Op.DATA ? p.arg(0) : p.arg(1), param = p.arg(0).op == Op.PARAM ? p.arg(0) : p.arg(1);
            columns[k] = column.index;
            params[k] = param.index;
        }
        String x = naming.vector(columns, true), beta = naming.vector(params, false);
        return x != null && beta != null ? subscript(x) + "·" + beta : null;
    }

    private static final double MINUS_ROOT_HALF = -Math.sqrt(0.5);

    /** x, printed, when n is Φ(x) as the language writes it, ½·erfc(−x/√2); else null. */
    private String normalCdfArgument(Node n) {
        if (!n.arg(0).isConst(0.5) || n.arg(1).op != Op.ERFC) return null;
        return argumentOfErfc(n.arg(1).arg(0));
    }

    /** x, printed, when n is log Φ(x), log erfc(−x/√2) − log(2); else null. */
    private String logNormalCdfArgument(Node n) {
        if (n.arg(0).op != Op.LOG_ERFC || !"log(2)".equals(n.arg(1).symbol)) return null;
        return argumentOfErfc(n.arg(0).arg(0));
    }

    /** x for z = −x/√2, and −x for z = x/√2 (log(1 − Φ(x)) is log Φ(−x)); else null. */
    private String argumentOfErfc(Node z) {
        if (z.op != Op.MUL) return null;
        if (z.arg(0).isConst(MINUS_ROOT_HALF)) return print(z.arg(1), 0);
        if (z.arg(0).isConst(-MINUS_ROOT_HALF)) return "−" + print(z.arg(1), 3);
        return null;
    }

    /** `m[gᵢ]` when the elements are a whole parameter vector in order, else `[a, b, c][gᵢ]`. */
    private String select(Node n) {
        Node i = n.arg(0);
        // IrBuilder.ifElse(c, a, b) picks [b, a] by 2 − [c = 0]
        if (n.arity() == 3 && i.op == Op.SUB && i.arg(0).isConst(2) && i.arg(1).op == Op.INDICATOR && i.arg(1).index == 0) {
            return "ifelse(" + print(i.arg(1).arg(0), 0) + ", " + print(n.arg(2), 0) + ", " + print(n.arg(1), 0) + ")";
        }
        String index = "[" + print(n.arg(0), 0) + "]";
        int[] params = new int[n.arity() - 1];
        for (int k = 0; k < params.length; k++) {
            Node e = n.arg(k + 1);
            params[k] = e.op == Op.PARAM ? e.index : -1;
        }
        String vector = java.util.Arrays.stream(params).anyMatch(p -> p < 0) ? null : naming.vector(params, false);
        if (vector != null && !vector.contains("[")) return vector + index;
        String constants = constantVector(n);
        if (constants != null) return constants + index;
        StringBuilder text = new StringBuilder("[");
        for (int k = 1; k < n.arity(); k++) text.append(k == 1 ? "" : ", ").append(print(n.arg(k), 0));
        return text.append("]").append(index).toString();
    }

    /** `w` when a SELECT's elements are the named constants w[1], …, w[K] in order, else null. */
    private static String constantVector(Node n) {
        Node first = n.arg(1);
        if (first.symbol == null || !first.symbol.endsWith("[1]")) return null;
        String name = first.symbol.substring(0, first.symbol.length() - 3);
        for (int k = 1; k < n.arity(); k++) {
            if (!(name + "[" + k + "]").equals(n.arg(k).symbol)) return null;
        }
        return name;
    }

    /** A factor of a product; a quotient inside a product gets parentheses so that a·(b/c)·d reads clearly. */
    private String factor(Node n) {
        String text = print(n, 2);
        return n.op == Op.DIV && !named.containsKey(n) ? "(" + text + ")" : text;
    }

    private String exponent(Node e) {
        if (e.isConst() && e.symbol == null && e.value == Math.rint(e.value) && Math.abs(e.value) < 10) {
            String digits = String.valueOf((long) e.value);
            StringBuilder sup = new StringBuilder();
            for (char c : digits.toCharArray()) sup.append(c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(c - '0'));
            return sup.toString();
        }
        return "^" + print(e, 5);
    }

    private static String subscript(String name) { return name + "ᵢ"; }

    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return (v < 0 ? "−" : "") + Math.abs((long) v);
        String s = String.valueOf(v).replace("E", "e");
        return s.startsWith("-") ? "−" + s.substring(1) : s;
    }
}
