package mle.runtime.truffle;

import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.frame.FrameDescriptor;
import com.oracle.truffle.api.frame.FrameSlotKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;
import mle.runtime.truffle.nodes.AccumulateNode;
import mle.runtime.truffle.nodes.ArithmeticNodesFactory;
import mle.runtime.truffle.nodes.ConstantNode;
import mle.runtime.truffle.nodes.DotNode;
import mle.runtime.truffle.nodes.RowKernel;
import mle.runtime.truffle.nodes.SelectNode;
import mle.runtime.truffle.nodes.SpecialFunctionNode;
import mle.runtime.truffle.nodes.ExprNode;
import mle.runtime.truffle.nodes.FunctionNodesFactory;
import mle.runtime.truffle.nodes.ObjectiveRootNode;
import mle.runtime.truffle.nodes.ReadColumnNode;
import mle.runtime.truffle.nodes.ReadSlotNode;
import mle.runtime.truffle.nodes.RowLoopNode;
import mle.runtime.truffle.nodes.WriteSlotNode;

/**
 * IR → Truffle nodes: turns a {@link Schedule} over one data set into an {@link ObjectiveRootNode}.
 *
 * <p>Each scheduled IR node becomes one {@link WriteSlotNode} whose expression reads its operands from frame
 * slots (constants and n are folded into the node). Slots are shared between values whose lifetimes do not
 * overlap, by a linear scan over the order of execution, so the frame stays small however large the
 * Hessian: a value computed before the loop and used in it lives through the whole loop; a row sum lives
 * from the loop's start to its last use after the loop; a per-row value lives within one row.
 *
 * <p>Row sums whose values are already known (the parameter-free ones, see {@link DataSums}) become
 * constants, and the nodes that only fed them are dropped from the loop.
 */
final class ScheduleTranslator {
    private final Schedule schedule;
    private final Map<Node, Double> known;
    private final double[][] columns;
    private final int rows;
    // The schedule's lists without the known row sums and what only they needed.
    private final List<Node> parameters, beforeLoop, perRow, rowSums, afterLoop;
    private final Map<Node, Integer> slots = new HashMap<>();
    private int rowSlot, endSlot;

    private ScheduleTranslator(Schedule schedule, Map<Node, Double> known, double[][] columns, int rows) {
        this.schedule = schedule;
        this.known = known;
        this.columns = columns;
        this.rows = rows;
        Set<Node> needed = new HashSet<>();
        for (Node o : schedule.outputs) need(o, needed);
        this.parameters = schedule.leaves.stream().filter(n -> n.op == Op.PARAM && needed.contains(n)).toList();
        this.beforeLoop = schedule.beforeLoop.stream().filter(needed::contains).toList();
        this.perRow = schedule.perRow.stream().filter(needed::contains).toList();
        this.rowSums = schedule.rowSums.stream().filter(n -> needed.contains(n) && !known.containsKey(n)).toList();
        this.afterLoop = schedule.afterLoop.stream().filter(needed::contains).toList();
    }

    /**
     * The root that computes {@code schedule.outputs}, in order, over {@code rows} rows of {@code columns}.
     *
     * @param known values of row sums that need not be summed again (from {@link DataSums})
     */
    static ObjectiveRootNode translate(TruffleLanguage<?> language, String name, Schedule schedule,
                                       Map<Node, Double> known, double[][] columns, int rows) {
        return new ScheduleTranslator(schedule, known, columns, rows).translate(language, name);
    }

    private void need(Node n, Set<Node> needed) {
        if (!needed.add(n) || known.containsKey(n) || n.op == Op.DOT) return;
        if (readsParametersItself(n)) need(n.arg(0), needed);
        else for (Node a : n.args()) need(a, needed);
    }

    /**
     * A DOT reads its columns and parameters itself ({@link DotNode}), and a lookup in a vector of parameters its
     * parameters ({@link SelectNode.OfParameters}), so those need no slots for it.
     */
    private static boolean readsParametersItself(Node n) {
        return n.op == Op.DOT || n.op == Op.SELECT && n.args().subList(1, n.arity()).stream().allMatch(e -> e.op == Op.PARAM);
    }

    private ObjectiveRootNode translate(TruffleLanguage<?> language, String name) {
        FrameDescriptor frame = allocateSlots();
        int[] parameterSlots = parameters.stream().mapToInt(slots::get).toArray();
        int[] parameterIndices = parameters.stream().mapToInt(n -> n.index).toArray();
        int[] sumSlots = rowSums.stream().mapToInt(slots::get).toArray();
        RowKernel kernel = RowKernel.forLoop(perRow, rowSums, known, columns, rows);
        int[] invariantSlots = kernel == null ? new int[0] : kernel.invariants().stream().mapToInt(slots::get).toArray();
        RowLoopNode loop = null;
        if (!rowSums.isEmpty() && kernel == null) {
            AccumulateNode[] sums = rowSums.stream()
                    .map(s -> new AccumulateNode(slots.get(s), operand(s.arg(0)))).toArray(AccumulateNode[]::new);
            int[] perRowSlots = perRow.stream().mapToInt(slots::get).distinct().toArray();
            loop = new RowLoopNode(endSlot, rowSlot, writes(perRow), sums, perRowSlots);
        }
        ExprNode[] outputs = schedule.outputs.stream().map(this::operand).toArray(ExprNode[]::new);
        return new ObjectiveRootNode(language, frame, name, parameterSlots, parameterIndices, writes(beforeLoop),
                sumSlots, rows, rowSlot, endSlot, loop, kernel, invariantSlots, writes(afterLoop), outputs);
    }

    private WriteSlotNode[] writes(List<Node> nodes) {
        return nodes.stream().map(n -> new WriteSlotNode(slots.get(n), expression(n))).toArray(WriteSlotNode[]::new);
    }

    private ExprNode expression(Node n) {
        return switch (n.op) {
            case DATA -> new ReadColumnNode(columns[n.index], rowSlot);
            case ADD -> ArithmeticNodesFactory.AddNodeGen.create(operand(n.arg(0)), operand(n.arg(1)));
            case SUB -> ArithmeticNodesFactory.SubNodeGen.create(operand(n.arg(0)), operand(n.arg(1)));
            case MUL -> ArithmeticNodesFactory.MulNodeGen.create(operand(n.arg(0)), operand(n.arg(1)));
            case DIV -> ArithmeticNodesFactory.DivNodeGen.create(operand(n.arg(0)), operand(n.arg(1)));
            case POW -> ArithmeticNodesFactory.PowNodeGen.create(operand(n.arg(0)), operand(n.arg(1)));
            case NEG -> ArithmeticNodesFactory.NegNodeGen.create(operand(n.arg(0)));
            case EXP -> FunctionNodesFactory.ExpNodeGen.create(operand(n.arg(0)));
            case LOG -> FunctionNodesFactory.LogNodeGen.create(operand(n.arg(0)));
            case LOG1P -> FunctionNodesFactory.Log1pNodeGen.create(operand(n.arg(0)));
            case EXPM1 -> FunctionNodesFactory.Expm1NodeGen.create(operand(n.arg(0)));
            case SQRT -> FunctionNodesFactory.SqrtNodeGen.create(operand(n.arg(0)));
            case ABS -> FunctionNodesFactory.AbsNodeGen.create(operand(n.arg(0)));
            case SIGN -> FunctionNodesFactory.SignNodeGen.create(operand(n.arg(0)));
            case SIN -> FunctionNodesFactory.SinNodeGen.create(operand(n.arg(0)));
            case COS -> FunctionNodesFactory.CosNodeGen.create(operand(n.arg(0)));
            case TAN -> FunctionNodesFactory.TanNodeGen.create(operand(n.arg(0)));
            case TANH -> FunctionNodesFactory.TanhNodeGen.create(operand(n.arg(0)));
            case ATAN -> FunctionNodesFactory.AtanNodeGen.create(operand(n.arg(0)));
            case ASIN -> FunctionNodesFactory.AsinNodeGen.create(operand(n.arg(0)));
            case ACOS -> FunctionNodesFactory.AcosNodeGen.create(operand(n.arg(0)));
            case SINH -> FunctionNodesFactory.SinhNodeGen.create(operand(n.arg(0)));
            case COSH -> FunctionNodesFactory.CoshNodeGen.create(operand(n.arg(0)));
            case LOGISTIC -> FunctionNodesFactory.LogisticNodeGen.create(operand(n.arg(0)));
            case LOGIT -> FunctionNodesFactory.LogitNodeGen.create(operand(n.arg(0)));
            case SOFTPLUS -> FunctionNodesFactory.SoftplusNodeGen.create(operand(n.arg(0)));
            case LGAMMA -> FunctionNodesFactory.LgammaNodeGen.create(operand(n.arg(0)));
            case POLYGAMMA -> FunctionNodesFactory.PolygammaNodeGen.create(n.index, operand(n.arg(0)));
            case DOT -> {
                double[][] x = new double[n.dotLength()][];
                int[] beta = new int[n.dotLength()];
                for (int k = 0; k < x.length; k++) {
                    x[k] = columns[n.dotColumn(k).index];
                    beta[k] = n.dotWeight(k).index;
                }
                yield new DotNode(x, beta, rowSlot);
            }
            case INDICATOR -> FunctionNodesFactory.IndicatorNodeGen.create(n.index, operand(n.arg(0)));
            case STEP -> FunctionNodesFactory.StepNodeGen.create(operand(n.arg(0)));
            case ERF -> FunctionNodesFactory.ErfNodeGen.create(operand(n.arg(0)));
            case ERFC -> FunctionNodesFactory.ErfcNodeGen.create(operand(n.arg(0)));
            case LOG_ERFC -> FunctionNodesFactory.LogErfcNodeGen.create(operand(n.arg(0)));
            case LOG1M_EXP -> FunctionNodesFactory.Log1mExpNodeGen.create(operand(n.arg(0)));
            case ATAN2 -> ArithmeticNodesFactory.Atan2NodeGen.create(operand(n.arg(0)), operand(n.arg(1)));
            case LOG_SUM_EXP -> ArithmeticNodesFactory.LogSumExpNodeGen.create(operand(n.arg(0)), operand(n.arg(1)));
            case LGAMMA_DIFF -> new SpecialFunctionNode.LgammaDifference(n.index, operand(n.arg(0)), operand(n.arg(1)));
            case LOG_GAMMA_P, LOG_GAMMA_Q, LOG_GAMMA_P_SHAPE, LOG_GAMMA_Q_SHAPE, LOG_BETA_INC, LOG_BETA_INC_SHAPE ->
                    new SpecialFunctionNode(n.op, n.index, n.args().stream().map(this::operand).toArray(ExprNode[]::new));
            case SELECT -> {
                List<Node> elements = n.args().subList(1, n.arity());
                yield elements.stream().allMatch(e -> e.op == Op.PARAM)
                        ? new SelectNode.OfParameters(operand(n.arg(0)), elements.stream().mapToInt(e -> e.index).toArray())
                        : new SelectNode.OfValues(operand(n.arg(0)), elements.stream().map(this::operand).toArray(ExprNode[]::new));
            }
            case CONST, PARAM, ROWS, ROW_SUM -> throw new IllegalStateException(n.op + " is not computed by a node");
        };
    }

    /** How a node's value is read by the nodes that use it. */
    private ExprNode operand(Node n) {
        Double value = ConstantNode.folded(n, known, rows);
        return value != null ? new ConstantNode(value) : new ReadSlotNode(slots.get(n));
    }

    // ---- slots ---------------------------------------------------------------------------------

    /** Gives every stored value a double slot, sharing slots between values whose lifetimes are disjoint. */
    private FrameDescriptor allocateSlots() {
        // Positions in the order of execution: parameters at 0, the nodes before the loop, the start of
        // the loop (where the accumulators are zeroed), the per-row nodes, the accumulation at the end of
        // a row, the nodes after the loop, and the outputs.
        Map<Node, Integer> defined = new HashMap<>();
        List<Node> order = new ArrayList<>();
        int position = 0;
        for (Node n : parameters) define(n, position, defined, order);
        for (Node n : beforeLoop) define(n, ++position, defined, order);
        int loopStart = ++position;
        for (Node n : rowSums) define(n, loopStart, defined, order);
        for (Node n : perRow) define(n, ++position, defined, order);
        int loopEnd = ++position;
        for (Node n : afterLoop) define(n, ++position, defined, order);
        int end = ++position;

        Map<Node, Integer> lastUse = new HashMap<>();
        for (Node n : order) {
            if (n.op.isLeaf() || n.op == Op.ROW_SUM || n.op == Op.DOT) continue;
            for (Node a : readsParametersItself(n) ? List.of(n.arg(0)) : n.args()) use(a, defined.get(n), lastUse);
        }
        for (Node s : rowSums) {
            use(s.arg(0), loopEnd, lastUse);
            use(s, loopEnd, lastUse);
        }
        for (Node o : schedule.outputs) use(o, end, lastUse);
        // A value from before the loop that the loop reads must survive every row.
        for (Node n : order) {
            int last = lastUse.getOrDefault(n, defined.get(n));
            if (defined.get(n) < loopStart && last > loopStart && last < loopEnd) lastUse.put(n, loopEnd);
        }

        record Live(int slot, int lastUse) {}
        PriorityQueue<Live> live = new PriorityQueue<>((a, b) -> Integer.compare(a.lastUse, b.lastUse));
        PriorityQueue<Integer> free = new PriorityQueue<>();
        int count = 0;
        for (Node n : order) {
            int at = defined.get(n);
            // Strictly before: a node may not write the slot of an operand it is still to read.
            while (!live.isEmpty() && live.peek().lastUse < at) free.add(live.poll().slot);
            int slot = free.isEmpty() ? count++ : free.poll();
            slots.put(n, slot);
            live.add(new Live(slot, lastUse.getOrDefault(n, at)));
        }

        FrameDescriptor.Builder frame = FrameDescriptor.newBuilder();
        int base = count == 0 ? 0 : frame.addSlots(count, FrameSlotKind.Double);
        if (base != 0) slots.replaceAll((n, s) -> s + base);
        rowSlot = frame.addSlot(FrameSlotKind.Int, "row", null);
        endSlot = frame.addSlot(FrameSlotKind.Int, "end", null);
        return frame.build();
    }

    private static void define(Node n, int position, Map<Node, Integer> defined, List<Node> order) {
        defined.put(n, position);
        order.add(n);
    }

    private void use(Node n, int position, Map<Node, Integer> lastUse) {
        if (n.op == Op.CONST || n.op == Op.ROWS || known.containsKey(n)) return;
        lastUse.merge(n, position, Math::max);
    }
}
