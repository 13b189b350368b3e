package mle.runtime.truffle;

import com.oracle.truffle.api.CallTarget;
import java.util.List;
import java.util.Map;
import mle.compiler.ir.Node;
import mle.compiler.ir.RowProgram;
import mle.compiler.ir.Schedule;
import org.graalvm.polyglot.Context;

/**
 * A {@link RowProgram}'s row sums over one part of a table, as Truffle code compiled by Graal where the part is (a Spark
 * executor): the program is rebuilt, translated once per part and kept while the part's columns live, and each pass
 * runs it over the part's blocks of {@link Schedule#BLOCK_ROWS} rows. The code runs on one context of the JVM's shared
 * engine, which threads enter in turn.
 */
public final class CompiledRowSums {
    private CompiledRowSums() {}

    /** A program translated for one part: its call target and where each root's sum lands among the loop's sums. */
    private record Compiled(CallTarget target, int sumCount, int[] rootSlot) {}

    /** Keyed by the part's column arrays (by identity), which the part keeps while it is cached. */
    private static final Map<double[][], Map<String, Compiled>> COMPILED =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static final class Shared {
        static final Context CONTEXT = create();

        private static Context create() {
            Context context = Context.newBuilder(MleLanguage.ID).engine(MleEngine.shared()).build();
            context.initialize(MleLanguage.ID);
            return context;
        }
    }

    /**
     * The sums of each block of the part's rows, blocks in order: {@code [block][root]}.
     *
     * @param columns the part's columns by the objective's column index, each at least {@code rows} long
     */
    public static double[][] blockSums(RowProgram program, double[] point, double[][] columns, int rows) {
        Context context = Shared.CONTEXT;
        context.enter();
        try {
            Compiled c = compiled(program, columns, rows);
            int block = Schedule.BLOCK_ROWS, count = (rows + block - 1) / block;
            double[][] out = new double[count][c.rootSlot.length];
            double[] sums = new double[c.sumCount];
            for (int b = 0; b < count; b++) {
                c.target.call(point, sums, b * block, Math.min(rows, (b + 1) * block));
                for (int r = 0; r < c.rootSlot.length; r++) out[b][r] = sums[c.rootSlot[r]];
            }
            return out;
        } finally {
            context.leave();
        }
    }

    private static Compiled compiled(RowProgram program, double[][] columns, int rows) {
        Map<String, Compiled> forPart = COMPILED.computeIfAbsent(columns, c -> new java.util.concurrent.ConcurrentHashMap<>());
        return forPart.computeIfAbsent(program.key(), key -> {
            List<Node> roots = program.rebuild();
            Schedule schedule = new Schedule(roots);
            int[] rootSlot = roots.stream().mapToInt(schedule.rowSums::indexOf).toArray();
            for (int r = 0; r < rootSlot.length; r++) {
                if (rootSlot[r] < 0) throw new IllegalArgumentException("root " + r + " of the program is not a row sum");
            }
            // No sums known in advance: a part's parameter-free sums are its own share, summed with the rest.
            CallTarget target = ScheduleTranslator.translate(MleLanguage.get(null), "part sums", schedule, Map.of(), columns,
                    rows).getCallTarget();
            return new Compiled(target, schedule.rowSums.size(), rootSlot);
        });
    }
}
