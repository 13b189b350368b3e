package mle.runtime.truffle.nodes;

import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.INIT_NAME;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mle.compiler.ir.Functions;
import mle.compiler.ir.Node;
import mle.compiler.ir.Op;
import mle.compiler.ir.Schedule;

/**
 * The row loop of a pass as plain JVM bytecode, written for loops of plain arithmetic over large data.
 *
 * <p>Why a second way to run the loop: HotSpot's C2 compiles a loop of additions, multiplications and divisions of
 * array elements into SIMD code (4 to 8 rows an instruction), as it does a hand-written loop, and Graal CE, which
 * compiles the Truffle nodes, does not vectorize at all. On a Gaussian regression the Truffle loop took 1.3–1.7× the
 * hand-written one; this loop is the hand-written one, generated. A loop that calls exp, log or lgamma is not
 * vectorized by either compiler, and there Graal's code is as fast or faster (a logistic regression: 0.83–0.94× of
 * hand-written Java; as bytecode, 1.0×), so such loops stay Truffle nodes. {@link #forLoop} is the one place that chooses.
 *
 * <p>The loop computes the same operations in the same order as the nodes ({@link ObjectiveRootNode} and the other nodes) and the
 * reference evaluator, each row sum from 0.0 in row order, so the bits are the same.
 */
public abstract class RowKernel {
    /** The operations C2 vectorizes: every per-row node must be one of these for the loop to be written. */
    private static final Set<Op> ARITHMETIC = EnumSet.of(Op.DATA, Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.NEG, Op.ABS,
            Op.SIGN, Op.SQRT, Op.DOT, Op.POW);
    /** Exponents for which Functions.pow is a multiplication, a division or a square root. */
    private static final Set<Double> ARITHMETIC_EXPONENTS = Set.of(2.0, 3.0, -1.0, 0.5);
    /** HotSpot does not compile a method of more than 8,000 bytes of bytecode (DontCompileHugeMethods). */
    private static final int LARGEST_CODE = 7_000;

    protected final double[][] columns;
    private final List<Node> invariants;

    protected RowKernel(double[][] columns, List<Node> invariants) {
        this.columns = columns;
        this.invariants = invariants;
    }

    /**
     * Adds up the rows from {@code from} to {@code to} − 1: {@code sums[s]} receives row sum s, added in row order
     * from 0.0.
     *
     * @param point      the parameters by index (the coefficients of a DOT are read from it)
     * @param invariants the values of {@link #invariants()}, in order
     */
    public abstract void sum(double[] point, double[] invariants, int from, int to, double[] sums);

    /** The values computed before the loop (parameters and hoisted nodes) that the loop reads, in argument order. */
    public List<Node> invariants() { return invariants; }

    /**
     * The loop as bytecode, or null when the Truffle nodes run it: when the pass is short (run once or twice per
     * block, C2 would never compile it, and writing a class costs more than it saves), when a per-row node is not
     * plain arithmetic, or when the loop is too long for C2.
     *
     * @param known values of row sums and other nodes computed once (constants here)
     */
    public static RowKernel forLoop(List<Node> perRow, List<Node> rowSums, Map<Node, Double> known, double[][] columns,
                             int rows) {
        if (rows <= Schedule.BLOCK_ROWS || rowSums.isEmpty()) return null;
        // Every node, every product of a DOT and every sum takes 4 bytes of bytecode or more: a loop that cannot fit is
        // not written at all (a Hessian's tens of thousands of sums would also overflow a method's locals).
        long items = perRow.size() + rowSums.size();
        for (Node n : perRow) if (n.op == Op.DOT) items += n.dotLength();
        if (4 * items > LARGEST_CODE) return null;
        for (Node n : perRow) {
            if (!ARITHMETIC.contains(n.op)) return null;
            if (n.op == Op.POW) {
                Double exponent = ConstantNode.folded(n.arg(1), known, rows);
                if (exponent == null || !ARITHMETIC_EXPONENTS.contains(exponent)) return null;
            }
        }
        return new Writer(perRow, rowSums, known, columns, rows).write();
    }

    /** Writes one loop's class: locals for the columns, coefficients, invariants, accumulators and per-row values. */
    private static final class Writer {
        private static final ClassDesc BASE = ClassDesc.of(RowKernel.class.getName());
        private static final ClassDesc MATH = ClassDesc.of(Math.class.getName());
        private static final ClassDesc DOUBLES = CD_double.arrayType();
        private static final ClassDesc COLUMNS = CD_double.arrayType(2);
        private static final MethodTypeDesc CONSTRUCTOR = MethodTypeDesc.of(CD_void, COLUMNS, ClassDesc.of(List.class.getName()));
        private static final MethodTypeDesc SUM = MethodTypeDesc.of(CD_void, DOUBLES, DOUBLES, CD_int, CD_int, DOUBLES);
        private static final MethodTypeDesc UNARY = MethodTypeDesc.of(CD_double, CD_double);
        private static final MethodTypeDesc BINARY = MethodTypeDesc.of(CD_double, CD_double, CD_double);
        // The arguments of sum: this, point, invariants, from, to, sums.
        private static final int POINT = 1, INVARIANTS = 2, FROM = 3, TO = 4, SUMS = 5, FIRST_FREE = 6;

        private final List<Node> perRow, rowSums;
        private final Map<Node, Double> known;
        private final double[][] columns;
        private final int rows;
        private final Map<Integer, Integer> columnLocals = new LinkedHashMap<>(), coefficientLocals = new LinkedHashMap<>();
        private final Map<Node, Integer> invariantLocals = new LinkedHashMap<>(), valueLocals = new HashMap<>();
        private int nextLocal = FIRST_FREE, rowLocal;
        private int[] accumulators;

        Writer(List<Node> perRow, List<Node> rowSums, Map<Node, Double> known, double[][] columns, int rows) {
            this.perRow = perRow;
            this.rowSums = rowSums;
            this.known = known;
            this.columns = columns;
            this.rows = rows;
        }

        RowKernel write() {
            allocate();
            ClassDesc self = ClassDesc.of(RowKernel.class.getPackageName(), "RowLoop");
            byte[] bytes = ClassFile.of().build(self, c -> c
                    .withSuperclass(BASE)
                    .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER)
                    .withMethodBody(INIT_NAME, CONSTRUCTOR, ClassFile.ACC_PUBLIC, code -> code
                            .aload(0).aload(1).aload(2).invokespecial(BASE, INIT_NAME, CONSTRUCTOR).return_())
                    .withMethodBody("sum", SUM, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, this::sum));
            if (codeLength(bytes) > LARGEST_CODE) return null;
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
                return (RowKernel) lookup.findConstructor(lookup.lookupClass(),
                        java.lang.invoke.MethodType.methodType(void.class, double[][].class, List.class))
                        .invoke(columns, List.copyOf(invariantLocals.keySet()));
            } catch (Throwable e) {
                throw new IllegalStateException("the row loop's bytecode did not load", e);
            }
        }

        private static int codeLength(byte[] bytes) {
            for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
                if (m.methodName().equalsString("sum")) {
                    return m.findAttribute(java.lang.classfile.Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
                }
            }
            return 0;
        }

        /** Gives a local to every column, coefficient and invariant the loop reads, every per-row value and every sum. */
        private void allocate() {
            List<Node> operands = new ArrayList<>();
            for (Node n : perRow) {
                switch (n.op) {
                    case DATA -> columnLocal(n.index);
                    case DOT -> {
                        for (int k = 0; k < n.dotLength(); k++) {
                            columnLocal(n.dotColumn(k).index);
                            coefficientLocals.computeIfAbsent(n.dotWeight(k).index, p -> takeDouble());
                        }
                    }
                    default -> operands.addAll(n.args());
                }
            }
            for (Node s : rowSums) operands.add(s.arg(0));
            java.util.Set<Node> computedInLoop = new java.util.HashSet<>(perRow);
            for (Node a : operands) {
                if (ConstantNode.folded(a, known, rows) == null && !computedInLoop.contains(a)) invariantLocals.computeIfAbsent(a, x -> takeDouble());
            }
            for (Node n : perRow) valueLocals.put(n, takeDouble());
            accumulators = new int[rowSums.size()];
            for (int s = 0; s < accumulators.length; s++) accumulators[s] = takeDouble();
            rowLocal = nextLocal++;
        }

        private void columnLocal(int column) { columnLocals.computeIfAbsent(column, c -> nextLocal++); }

        private int takeDouble() {
            int local = nextLocal;
            nextLocal += 2;
            return local;
        }

        private void sum(CodeBuilder code) {
            for (var e : columnLocals.entrySet()) {
                code.aload(0).getfield(BASE, "columns", COLUMNS).loadConstant(e.getKey()).aaload().astore(e.getValue());
            }
            for (var e : coefficientLocals.entrySet()) code.aload(POINT).loadConstant(e.getKey()).daload().dstore(e.getValue());
            int i = 0;
            for (int local : invariantLocals.values()) code.aload(INVARIANTS).loadConstant(i++).daload().dstore(local);
            for (int accumulator : accumulators) code.dconst_0().dstore(accumulator);
            code.iload(FROM).istore(rowLocal);
            Label head = code.newLabel(), done = code.newLabel();
            code.labelBinding(head).iload(rowLocal).iload(TO).if_icmpge(done);
            for (Node n : perRow) {
                value(code, n);
                code.dstore(valueLocals.get(n));
            }
            for (int s = 0; s < accumulators.length; s++) {
                code.dload(accumulators[s]);
                operand(code, rowSums.get(s).arg(0));
                code.dadd().dstore(accumulators[s]);
            }
            code.iinc(rowLocal, 1).goto_(head).labelBinding(done);
            for (int s = 0; s < accumulators.length; s++) code.aload(SUMS).loadConstant(s).dload(accumulators[s]).dastore();
            code.return_();
        }

        /** Pushes a per-row node's value, computed as its Truffle node computes it. */
        private void value(CodeBuilder code, Node n) {
            switch (n.op) {
                case DATA -> code.aload(columnLocals.get(n.index)).iload(rowLocal).daload();
                case DOT -> {
                    code.dconst_0();
                    for (int k = 0; k < n.dotLength(); k++) {
                        code.aload(columnLocals.get(n.dotColumn(k).index)).iload(rowLocal).daload()
                                .dload(coefficientLocals.get(n.dotWeight(k).index)).dmul().dadd();
                    }
                }
                case NEG -> operand(code, n.arg(0)).dneg();
                case ABS -> operand(code, n.arg(0)).invokestatic(MATH, "abs", UNARY);
                case SIGN -> operand(code, n.arg(0)).invokestatic(MATH, "signum", UNARY);
                case SQRT -> operand(code, n.arg(0)).invokestatic(MATH, "sqrt", UNARY);
                case POW -> operand(operand(code, n.arg(0)), n.arg(1))
                        .invokestatic(ClassDesc.of(Functions.class.getName()), "pow", BINARY);
                case ADD -> operand(operand(code, n.arg(0)), n.arg(1)).dadd();
                case SUB -> operand(operand(code, n.arg(0)), n.arg(1)).dsub();
                case MUL -> operand(operand(code, n.arg(0)), n.arg(1)).dmul();
                case DIV -> operand(operand(code, n.arg(0)), n.arg(1)).ddiv();
                default -> throw new IllegalStateException(n.op + " is not arithmetic");
            }
        }

        /** Pushes an operand: a constant, a per-row value or an invariant, as the Truffle nodes read it. */
        private CodeBuilder operand(CodeBuilder code, Node n) {
            Double value = ConstantNode.folded(n, known, rows);
            if (value != null) return code.loadConstant(value);
            Integer local = valueLocals.get(n);
            return code.dload(local != null ? local : invariantLocals.get(n));
        }
    }
}
