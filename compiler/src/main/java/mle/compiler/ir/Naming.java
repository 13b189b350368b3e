package mle.compiler.ir;

/** How printers name parameters and data columns. */
public interface Naming {
    String param(int index);

    String column(int index);

    /**
     * A run of parameters or data columns as one name, e.g. `β` for a whole vector in order or `β[2..9]` for part of
     * one; null when they are not consecutive elements of one vector.
     */
    default String vector(int[] indices, boolean columns) { return null; }

    Naming GENERIC = new Naming() {
        @Override public String param(int index) { return "θ" + index; }
        @Override public String column(int index) { return "x" + index; }
    };
}
