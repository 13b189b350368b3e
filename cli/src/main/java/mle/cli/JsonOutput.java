package mle.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The JSON of a command's result, written as {@link OutputFiles} writes every output. */
final class JsonOutput {
    // The writer is the caller's to close: standard output stays open after the JSON.
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private JsonOutput() {}

    /** Writes {@code value} as JSON to {@code target} ({@code -}: standard output), named `--json` in messages. */
    static void write(Path target, Object value, PrintWriter stdout, PrintWriter err) {
        OutputFiles.write(target, "--json", w -> {
            MAPPER.writeValue(w, value);
            w.write('\n');
        }, stdout, err);
    }

    /** Non-finite numbers become null, since JSON has no NaN. */
    static Object number(double v) { return Double.isFinite(v) ? v : null; }
}
