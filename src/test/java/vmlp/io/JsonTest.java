package vmlp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void validDocumentsParseToMapsListsAndScalars() throws Exception {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null], \"b\": {\"c\": \"d\\u00e9\\n\\\"\"},"
                + " \"e\": -0, \"f\": 9223372036854775807} ", 8);
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "e", "f"), List.copyOf(m.keySet()));
        List<?> a = (List<?>) m.get("a");
        assertEquals(List.of(1L, -2L, 3.5, 1000.0, true, false), a.subList(0, 6));
        assertSame(Json.NULL, a.get(6));
        assertEquals(Map.of("c", "dé\n\""), m.get("b"));
        assertEquals(0L, m.get("e"));
        assertEquals(Long.MAX_VALUE, m.get("f"));
    }

    @Test
    void whatIsWrittenParsesBack() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 ünï 😀");
        doc.put("numbers", List.of(0, -1L, Long.MIN_VALUE, 0.1f, 2.5e-8));
        doc.put("nested", Map.of("empty", List.of(), "object", Map.of()));
        doc.put("flags", List.of(true, false, Json.NULL));
        Object back = Json.parse(Json.write(doc), 8);
        Map<?, ?> m = (Map<?, ?>) back;
        assertEquals(doc.get("text"), m.get("text"));
        assertEquals(List.of(0L, -1L, Long.MIN_VALUE, 0.1, 2.5e-8), m.get("numbers"));
        assertEquals(Map.of("empty", List.of(), "object", Map.of()), m.get("nested"));
        assertEquals(doc.get("flags"), m.get("flags"));
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Double.NaN)));
    }

    @Test
    void malformedDocumentsAreRejectedWithThePosition() {
        String[][] cases = {
            {"", "unexpected end"},
            {"{", "expected a string key"},
            {"{\"a\" 1}", "expected ':'"},
            {"{\"a\": 1,}", "expected a string key"},
            {"[1 2]", "expected ',' or ']'"},
            {"[1,]", "unexpected character ']'"},
            {"01", "unexpected text after the value"},
            {"1.", "expected a digit after '.'"},
            {"1e", "expected a digit in the exponent"},
            {"-", "expected a digit"},
            {"+1", "unexpected character '+'"},
            {"tru", "unexpected word"},
            {"\"abc", "unterminated string"},
            {"\"a\u0001\"", "control character"},
            {"\"\\x\"", "unknown escape '\\x'"},
            {"\"\\u12g4\"", "bad hex digit"},
            {"{\"a\": 1, \"a\": 2}", "duplicate key \"a\""},
            {"99999999999999999999", "does not fit 64 bits"},
            {"{} {}", "unexpected text after the value"},
            {"[[[[[[[[[1]]]]]]]]]", "nested deeper than 8 levels"},
        };
        for (String[] c : cases) {
            var e = assertThrows(Json.SyntaxException.class, () -> Json.parse(c[0], 8), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(" at character "),
                    c[0] + " → " + e.getMessage());
        }
    }
}
