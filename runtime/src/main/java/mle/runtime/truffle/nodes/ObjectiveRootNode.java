package mle.runtime.truffle.nodes;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
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
 */
public final class ObjectiveRootNode extends RootNode {
    private final String name;
    @CompilationFinal(dimensions = 1) private final int[] parameterSlots;
    @CompilationFinal(dimensions = 1) private final int[] parameterIndices;
    @Children private final WriteSlotNode[] beforeLoop;
    @CompilationFinal(dimensions = 1) private final int[] sumSlots;
    private final int rowSlot;
    @Child private LoopNode rowLoop;
    @Children private final WriteSlotNode[] afterLoop;
    @Children private final ExprNode[] outputs;

    /**
     * @param rowLoop null when the schedule has no row sum (a model of priors alone)
     */
    public ObjectiveRootNode(TruffleLanguage<?> language, FrameDescriptor frame, String name,
                             int[] parameterSlots, int[] parameterIndices, WriteSlotNode[] beforeLoop,
                             int[] sumSlots, int rowSlot, RowLoopNode rowLoop, WriteSlotNode[] afterLoop,
                             ExprNode[] outputs) {
        super(language, frame);
        this.name = name;
        this.parameterSlots = parameterSlots;
        this.parameterIndices = parameterIndices;
        this.beforeLoop = beforeLoop;
        this.sumSlots = sumSlots;
        this.rowSlot = rowSlot;
        this.rowLoop = rowLoop == null ? null : Truffle.getRuntime().createLoopNode(rowLoop);
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
        if (rowLoop != null) {
            for (int slot : sumSlots) frame.setDouble(slot, 0.0);
            frame.setInt(rowSlot, 0);
            CompilerDirectives.castExact(rowLoop.getRepeatingNode(), RowLoopNode.class).clearPerRowSlots(frame);
            rowLoop.execute(frame);
        }
        for (WriteSlotNode node : afterLoop) node.execute(frame);
        for (int i = 0; i < outputs.length; i++) out[i] = outputs[i].executeDouble(frame);
        return out;
    }

    @Override
    public String getName() { return name; }

    @Override
    public String toString() { return name; }
}
