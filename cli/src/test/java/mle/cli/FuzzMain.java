package mle.cli;

/**
 * The entry point `bin/fuzz` hands to Jazzer's own command line, which can fuzz for a given time: one of the targets
 * of {@link InputFuzzTest}, chosen by the system property mle.fuzz.target.
 */
public final class FuzzMain {
    private static final InputFuzzTest TARGETS = new InputFuzzTest();
    private static final String TARGET = System.getProperty("mle.fuzz.target", "modelText");

    static {
        try {
            InputFuzzTest.files();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private FuzzMain() {}

    public static void fuzzerTestOneInput(byte[] input) throws java.io.IOException {
        switch (TARGET) {
            case "modelText" -> TARGETS.modelText(input);
            case "csvBytes" -> TARGETS.csvBytes(input);
            case "fitOnSmallData" -> TARGETS.fitOnSmallData(input);
            case "outputPaths" -> TARGETS.outputPaths(input);
            case "simulateArguments" -> TARGETS.simulateArguments(input);
            default -> throw new IllegalArgumentException("no fuzz target " + TARGET
                    + "; use modelText, csvBytes, fitOnSmallData, outputPaths or simulateArguments");
        }
    }
}
