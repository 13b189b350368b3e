package mle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An array of objects written as text of its own ({@link JsonOutput.Objects}) reads exactly as Jackson writes the same maps. */
class JsonOutputTest {
    private record Item(String name, double value) {}

    private static final JsonOutput.Fields<Item> FIELDS = (item, json) -> {
        json.string("name", item.name());
        json.number("estimate", item.value());
        json.number("twice", 2 * item.value());
    };

    private static List<Map<String, Object>> maps(List<Item> items) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Item item : items) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", item.name());
            x.put("estimate", JsonOutput.number(item.value()));
            x.put("twice", JsonOutput.number(2 * item.value()));
            out.add(x);
        }
        return out;
    }

    /** The document {"model": …, "estimates": items, "nested": [{"inner": items}], "after": 1}. */
    private static Map<String, Object> document(Object items) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", "m");
        root.put("estimates", items);
        root.put("nested", List.of(Map.of("inner", items)));
        root.put("after", 1);
        return root;
    }

    private static List<Item> items(int n) {
        List<Item> items = new ArrayList<>();
        double[] odd = {-0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-320, 1e300, 1.0, 0.1 + 0.2};
        for (int i = 0; i < n; i++) items.add(new Item("a[" + (i + 1) + "]", i < odd.length ? odd[i] : Math.sin(i) * Math.pow(10, i % 40 - 20)));
        items.add(new Item("σ", 0.5));
        items.add(new Item("quote \" back \\ tab \t line \n cr \r bs \b ff \f bell \u0007 del \u007f", 1));
        return items;
    }

    @Test
    void indentedAsTheCommandsWriteIt() throws Exception {
        ObjectMapper plain = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (List<Item> items : List.of(items(10_000), items(0), List.<Item>of())) {   // more than one task's worth, one, none
            assertEquals(plain.writeValueAsString(document(maps(items))),
                    JsonOutput.MAPPER.writeValueAsString(document(new JsonOutput.Objects<>(items, FIELDS))));
        }
    }

    @Test
    void throughTheGeneratorElsewhere() throws Exception {
        ObjectMapper otherPrinter = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .setDefaultPrettyPrinter(new DefaultPrettyPrinter().withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance));
        for (ObjectMapper mapper : List.of(new ObjectMapper(), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT), otherPrinter)) {
            for (List<Item> items : List.of(items(20), List.<Item>of())) {
                assertEquals(mapper.writeValueAsString(document(maps(items))),
                        mapper.writeValueAsString(document(new JsonOutput.Objects<>(items, FIELDS))));
            }
        }
    }
}
