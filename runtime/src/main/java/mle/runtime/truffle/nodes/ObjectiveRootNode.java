package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.Truffle;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.frame.FrameDescriptor;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import com.oracle.truffle.api.nodes.LoopNode;
import com.oracle.truffle.api.nodes.RootNode;

/**
 * One pass of a schedule over the data: parameters into frame slots, the row-invariant nodes once, the row
 * loop with its accumulators, the nodes after the loop once, and the outputs into the caller's array.
 *
 * <p>Call it with {@code (double[] point, double[] out)}: {@code point} holds the parameter values by index,
 * {@code out} receives the outputs in schedule order. It returns {@code out}. Every intermediate value
 * lives in a frame slot; the frame never escapes, so in compiled code the slots are registers.
 *
 * <p>A pass over a large table is run in blocks of rows on every core: {@code (point, sums, from, to)} sums the rows
 * from {@code from} to {@code to} into {@code sums} (one per {@link #sumCount() row sum}) and stops there, and
 * {@code (point, out, sums)} finishes the pass from the blocks' sums added up.
 */
public final class ObjectiveRootNode extends RootNode {
    private final String name;
    @CompilationFinal(dimensions = 1) private final int[] parameterSlots;
    @CompilationFinal(dimensions = 1) private final int[] parameterIndices;
    @Children private final WriteSlotNode[] beforeLoop;
    @CompilationFinal(dimensions = 1) private final int[] sumSlots;
    private final int rows, rowSlot, endSlot;
    @Child private LoopNode rowLoop;
    private final RowKernel kernel;
    @CompilationFinal(dimensions = 1) private final int[] invariantSlots;
    @Children private final WriteSlotNode[] afterLoop;
    @Children private final ExprNode[] outputs;

    /**
     * @param rowLoop        the row loop as Truffle nodes; null when the schedule has no row sum (a model of priors
     *                       alone) or when {@code kernel} runs it
     * @param kernel         the row loop as bytecode, or null
     * @param invariantSlots the slots of the kernel's {@link RowKernel#invariants() invariants}
     */
    public ObjectiveRootNode(TruffleLanguage<?> language, FrameDescriptor frame, String name,
                             int[] parameterSlots, int[] parameterIndices, WriteSlotNode[] beforeLoop,
                             int[] sumSlots, int rows, int rowSlot, int endSlot, RowLoopNode rowLoop,
                             RowKernel kernel, int[] invariantSlots, WriteSlotNode[] afterLoop, ExprNode[] outputs) {
        super(language, frame);
        this.name = name;
        this.parameterSlots = parameterSlots;
        this.parameterIndices = parameterIndices;
        this.beforeLoop = beforeLoop;
        this.sumSlots = sumSlots;
        this.rows = rows;
        this.rowSlot = rowSlot;
        this.endSlot = endSlot;
        this.rowLoop = rowLoop == null ? null : Truffle.getRuntime().createLoopNode(rowLoop);
        this.kernel = kernel;
        this.invariantSlots = invariantSlots;
        this.afterLoop = afterLoop;
        this.outputs = outputs;
    }

    @Override
    @ExplodeLoop
    public Object execute(VirtualFrame frame) {
        Object[] arguments = frame.getArguments();
        double[] point = CompilerDirectives.castExact(arguments[0], double[].class);
        double[] out = CompilerDirectives.castExact(arguments[1], double[].class);
        for (int i = 0; i < parameterSlots.length; i++) frame.setDouble(parameterSlots[i], point[parameterIndices[i]]);
        for (WriteSlotNode node : beforeLoop) node.execute(frame);
        if (sumSlots.length > 0 && arguments.length == 3) {
            // Finishing a pass run in blocks: the row sums are given.
            double[] sums = CompilerDirectives.castExact(arguments[2], double[].class);
            for (int i = 0; i < sumSlots.length; i++) frame.setDouble(sumSlots[i], sums[i]);
        } else if (sumSlots.length > 0) {
            boolean block = arguments.length == 4;
            int from = block ? CompilerDirectives.castExact(arguments[2], Integer.class) : 0;
            int to = block ? CompilerDirectives.castExact(arguments[3], Integer.class) : rows;
            if (kernel != null) {
                double[] invariants = new double[invariantSlots.length];
                for (int i = 0; i < invariantSlots.length; i++) invariants[i] = frame.getDouble(invariantSlots[i]);
                double[] sums = new double[sumSlots.length];
                runKernel(kernel, point, invariants, from, to, sums);
                for (int i = 0; i < sumSlots.length; i++) frame.setDouble(sumSlots[i], sums[i]);
            } else {
                for (int slot : sumSlots) frame.setDouble(slot, 0.0);
                frame.setInt(rowSlot, from);
                frame.setInt(endSlot, to);
                CompilerDirectives.castExact(rowLoop.getRepeatingNode(), RowLoopNode.class).clearPerRowSlots(frame);
                rowLoop.execute(frame);
            }
            if (block) {
                for (int i = 0; i < sumSlots.length; i++) out[i] = frame.getDouble(sumSlots[i]);
                return out;
            }
        }
        for (WriteSlotNode node : afterLoop) node.execute(frame);
        for (int i = 0; i < outputs.length; i++) out[i] = outputs[i].executeDouble(frame);
        return out;
    }

    /** The kernel's loop is C2's code: Graal must call it, not compile it into the root. */
    @TruffleBoundary
    private static void runKernel(RowKernel kernel, double[] point, double[] invariants, int from, int to, double[] sums) {
        kernel.sum(point, invariants, from, to, sums);
    }

    /** How many row sums a pass accumulates (0 when it has no row loop): the length of a block's {@code sums}. */
    public int sumCount() { return sumSlots.length; }

    @Override
    public String getName() { return name; }

    @Override
    public String toString() { return name; }
}
