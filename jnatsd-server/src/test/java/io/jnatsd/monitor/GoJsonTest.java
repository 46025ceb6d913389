package io.jnatsd.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JSON layout is Go's json.MarshalIndent(v, "", "  "), byte for byte. */
class GoJsonTest {

    record Sample(
            @JsonProperty("name") String name,
            @JsonProperty("omitted") @JsonInclude(JsonInclude.Include.NON_DEFAULT) String omitted,
            @JsonProperty("zero") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long zero,
            @JsonProperty("rate") double rate,
            @JsonProperty("whole") double whole,
            @JsonProperty("at") Instant at,
            @JsonProperty("empty_list") List<String> emptyList,
            @JsonProperty("empty_object") Map<String, Object> emptyObject,
            @JsonProperty("list") List<Long> list,
            @JsonProperty("map") Map<String, Long> map) {
    }

    @Test
    void indentedLayoutMatchesGoMarshalIndent() {
        Map<String, Long> m = new TreeMap<>(Map.of("/b", 2L, "/a", 1L));
        Sample s = new Sample("x<y>&z", null, 0, 0.8, 2.0, Instant.parse("2026-01-02T03:04:05.5Z"),
                List.of(), Map.of(), List.of(1L, 2L), m);
        String expected = """
                {
                  "name": "x\\u003Cy\\u003E\\u0026z",
                  "rate": 0.8,
                  "whole": 2,
                  "at": "2026-01-02T03:04:05.5Z",
                  "empty_list": [],
                  "empty_object": {},
                  "list": [
                    1,
                    2
                  ],
                  "map": {
                    "/a": 1,
                    "/b": 2
                  }
                }""";
        assertEquals(expected, new String(GoJson.indented(s), StandardCharsets.UTF_8));
    }

    @Test
    void compactLayoutHasNoSpaces() {
        assertEquals("{\"status\":\"ok\"}", new String(GoJson.compact(HealthStatus.OK), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.0, 0", "2.0, 2", "0.8, 0.8", "41.4, 41.4", "0.3333333333333333, 0.3333333333333333",
        "1.0E-4, 0.0001", "-3.0, -3"})
    void floatsAreWrittenLikeGo(double v, String expected) {
        assertEquals(expected, GoJson.goFloat(v));
    }
}
