package mle.compiler.ir;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Rebuilds a graph with some leaves replaced, memoised so that shared nodes stay shared. */
final class Substitution {
    private final IrBuilder builder;
    private final Function<Node, Node> leaves;
    private final Map<Node, Node> done = new HashMap<>();

    Substitution(IrBuilder builder, Function<Node, Node> leaves) {
        this.builder = builder;
        this.leaves = leaves;
    }

    Node apply(Node node) {
        Node cached = done.get(node);
        if (cached != null) return cached;
        Node result;
        if (node.op.isLeaf()) {
            Node replaced = leaves.apply(node);
            result = replaced == null ? node : replaced;
        } else {
            Node[] args = new Node[node.args.length];
            for (int i = 0; i < args.length; i++) args[i] = apply(node.args[i]);
            result = builder.rebuild(node, args);
        }
        done.put(node, result);
        return result;
    }
}
