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
    private final BitSet params;

    Node(Op op, Node[] args, double value, int index, String symbol, int id) {
        this.op = op;
        this.args = args;
        this.value = value;
        this.index = index;
        this.symbol = symbol;
        this.id = id;
        boolean varying = op == Op.DATA;
        boolean rowSum = op == Op.ROW_SUM;
        BitSet deps = new BitSet();
        if (op == Op.PARAM) deps.set(index);
        for (Node a : args) {
            varying |= a.rowVarying;
            rowSum |= a.containsRowSum;
            deps.or(a.params);
        }
        this.rowVarying = varying && op != Op.ROW_SUM;
        this.containsRowSum = rowSum;
        this.params = deps;
    }

    public Node arg(int i) { return args[i]; }

    public List<Node> args() { return List.of(args); }

    public boolean isConst() { return op == Op.CONST; }

    /** True for an unnamed constant of value v. Named constants (`s`, `log(2π)`) are kept as written. */
    public boolean isConst(double v) { return isNumber() && value == v; }

    /** An unnamed constant: one that simplification may fold into others. */
    public boolean isNumber() { return op == Op.CONST && symbol == null; }

    public boolean dependsOn(int param) { return params.get(param); }

    /** True when the node depends on no parameter (it may still depend on the data). */
    public boolean isParameterFree() { return params.isEmpty(); }

    /** The indices of the parameters this node depends on. */
    public BitSet parameters() { return (BitSet) params.clone(); }

    @Override
    public String toString() { return IrPrinter.inline(this); }
}
