package mle.compiler.ir;

import java.util.BitSet;
import java.util.List;

/**
 * A node of the objective's expression graph. Nodes are interned by their {@link IrBuilder}, so equal
 * sub-expressions are one node (common sub-expressions are shared by construction).
 */
public final class Node {
    public final Op op;
    final Node[] args;
    /** The value of a CONST. */
    public final double value;
    /** The parameter index of a PARAM, the column of a DATA, the order of a POLYGAMMA; else 0. */
    public final int index;
    /** How the derivation printer shows a CONST (null: as a number). */
    public final String symbol;
    /** Creation order within the builder: children always have smaller ids. */
    public final int id;
    /** True when the value changes from row to row (reads data outside a row sum). */
    public final boolean rowVarying;
    /** True when a ROW_SUM is at or below this node. */
    public final boolean containsRowSum;
    private final ParameterSet params;

    Node(Op op, Node[] args, double value, int index, String symbol, int id) {
        this.op = op;
        this.args = args;
        this.value = value;
        this.index = index;
        this.symbol = symbol;
        this.id = id;
        boolean varying = op == Op.DATA;
        boolean rowSum = op == Op.ROW_SUM;
        ParameterSet deps = op == Op.PARAM ? ParameterSet.of(index) : ParameterSet.EMPTY;
        for (Node a : args) {
            varying |= a.rowVarying;
            rowSum |= a.containsRowSum;
        }
        if (args.length <= 2) {
            for (Node a : args) deps = deps.union(a.params);
        } else {
            ParameterSet[] all = new ParameterSet[args.length];
            for (int i = 0; i < args.length; i++) all[i] = args[i].params;
            deps = ParameterSet.unionOf(all);
        }
        this.rowVarying = varying && op != Op.ROW_SUM;
        this.containsRowSum = rowSum;
        this.params = deps;
    }

    public Node arg(int i) { return args[i]; }

    public List<Node> args() { return List.of(args); }

    public int arity() { return args.length; }

    /** The number of products xₖ·βₖ in a DOT. */
    public int dotLength() { return args.length / 2; }

    /** The data column of a DOT's k-th product. */
    public Node dotColumn(int k) { return args[k]; }

    /** The parameter of a DOT's k-th product. */
    public Node dotWeight(int k) { return args[args.length / 2 + k]; }

    public boolean isConst() { return op == Op.CONST; }

    /** True for an unnamed constant of value v. Named constants (`s`, `log(2π)`) are kept as written. */
    public boolean isConst(double v) { return isNumber() && value == v; }

    /** An unnamed constant: one that simplification may fold into others. */
    public boolean isNumber() { return op == Op.CONST && symbol == null; }

    public boolean dependsOn(int param) { return params.contains(param); }

    /** True when the node depends on no parameter (it may still depend on the data). */
    public boolean isParameterFree() { return params.isEmpty(); }

    /** The indices of the parameters this node depends on. */
    public BitSet parameters() { return params.toBitSet(); }

    /** How many parameters this node depends on. */
    public int parameterCount() { return params.size(); }

    @Override
    public String toString() { return IrPrinter.inline(this); }
}
