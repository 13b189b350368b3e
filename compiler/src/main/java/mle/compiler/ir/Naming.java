package mle.compiler.ir;

/** How printers name parameters and data columns. */
public interface Naming {
    String param(int index);

    String column(int index);

    Naming GENERIC = new Naming() {
        @Override public String param(int index) { return "θ" + index; }
        @Override public String column(int index) { return "x" + index; }
    };
}
