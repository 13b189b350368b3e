package mle.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The JSON of a command's result, written as {@link OutputFiles} writes every output. */
final class JsonOutput {
    // The writer is the caller's to close: standard output stays open after the JSON.
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setDefaultPrettyPrinter(new Printer()).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /** Jackson's default pretty printer under a name of its own: {@link Objects} knows the text it prints. */
    static final class Printer extends DefaultPrettyPrinter {
        Printer() {}

        private Printer(Printer base) { super(base); }

        @Override
        public Printer createInstance() { return new Printer(this); }
    }

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

    /** Writes one item's fields, in order, between the braces of its object. */
    interface Fields<T> {
        void write(T item, Fields.Out out);

        /** Where the fields go. */
        interface Out {
            void string(String name, String value);

            /** {@code value}, null where it is not finite (as {@link #number(double)} in a map). */
            void number(String name, double value);
        }
    }

    /**
     * An array of objects, one for each item (a fit's 10⁵ estimates): the same text as a list of maps, made on every
     * core and written as one raw value where {@link #MAPPER} writes it (its {@link Printer}), and field by field
     * through the generator elsewhere.
     */
    record Objects<T>(List<T> items, Fields<T> fields) implements JsonSerializable {
        /** Items a task makes the text of. */
        private static final int TASK = 4096;

        @Override
        public void serialize(JsonGenerator json, SerializerProvider provider) throws IOException {
            if (!(json.getPrettyPrinter() instanceof Printer)) {
                writeThrough(json);
                return;
            }
            if (items.isEmpty()) {
                json.writeRawValue("[ ]");
                return;
            }
            // The printer indents an object's fields by two spaces for each object around them; arrays add none.
            int depth = 0;
            for (JsonStreamContext c = json.getOutputContext(); c != null; c = c.getParent()) if (c.inObject()) depth++;
            Text text = new Text(System.lineSeparator() + "  ".repeat(depth + 1), System.lineSeparator() + "  ".repeat(depth));
            int tasks = (items.size() + TASK - 1) / TASK;
            String[] parts = new String[tasks];
            java.util.stream.IntStream.range(0, tasks).parallel().forEach(t -> {
                StringBuilder b = new StringBuilder(TASK * 200);   // more than an estimate's text, which is about 170 characters
                for (int i = t * TASK, end = Math.min(items.size(), i + TASK); i < end; i++) {
                    if (i > 0) b.append(", ");
                    text.object(b, items.get(i), fields);
                }
                parts[t] = b.toString();
            });
            // One value for the generator, whose text follows in parts.
            json.writeRawValue("[ " + parts[0]);
            for (int t = 1; t < tasks; t++) json.writeRaw(parts[t]);
            json.writeRaw(" ]");
        }

        /** Each item through the generator's own calls. */
        private void writeThrough(JsonGenerator json) throws IOException {
            json.writeStartArray(items, items.size());
            for (T item : items) {
                json.writeStartObject(item);
                IOException[] failed = new IOException[1];
                fields.write(item, new Fields.Out() {
                    @Override
                    public void string(String name, String value) {
                        try {
                            if (failed[0] == null) json.writeStringField(name, value);
                        } catch (IOException e) {
                            failed[0] = e;
                        }
                    }

                    @Override
                    public void number(String name, double value) {
                        try {
                            if (failed[0] == null) {
                                json.writeFieldName(name);
                                if (Double.isFinite(value)) json.writeNumber(value);
                                else json.writeNull();
                            }
                        } catch (IOException e) {
                            failed[0] = e;
                        }
                    }
                });
                if (failed[0] != null) throw failed[0];
                json.writeEndObject();
            }
            json.writeEndArray();
        }

        @Override
        public void serializeWithType(JsonGenerator json, SerializerProvider provider, TypeSerializer type) throws IOException {
            serialize(json, provider);
        }
    }

    /** The text of {@link Printer}'s objects at one depth: the line breaks and indents before a field and before the closing brace. */
    private record Text(String beforeField, String beforeClose) {
        <T> void object(StringBuilder b, T item, Fields<T> fields) {
            b.append('{');
            int[] count = new int[1];
            fields.write(item, new Fields.Out() {
                @Override
                public void string(String name, String value) { field(name).append('"'); quoted(b, value).append('"'); }

                @Override
                public void number(String name, double value) {
                    StringBuilder v = field(name);
                    if (Double.isFinite(value)) v.append(Double.toString(value));
                    else v.append("null");
                }

                private StringBuilder field(String name) {
                    if (count[0]++ > 0) b.append(',');
                    b.append(beforeField).append('"');
                    return quoted(b, name).append("\" : ");
                }
            });
            b.append(count[0] > 0 ? beforeClose : " ").append('}');
        }
    }

    /** {@code s} inside a JSON string as Jackson writes it: quote, backslash and control characters escaped. */
    static StringBuilder quoted(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                b.append(c);
                continue;
            }
            switch (c) {
                case '"', '\\' -> b.append('\\').append(c);
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(String.format("\\u%04X", (int) c));
            }
        }
        return b;
    }
}
