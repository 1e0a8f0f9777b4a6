package com.calendarpipe.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The IT's parser accepts the format and refuses what Prometheus would refuse. */
class PrometheusTextTest {

    private static final String GOOD = """
            # HELP calendarpipe_auth_total Authentications
            # TYPE calendarpipe_auth_total counter
            calendarpipe_auth_total{outcome="ok"} 3.0
            calendarpipe_auth_total{outcome="revoked",note="a \\"quoted\\" \\\\ value"} 1
            # TYPE calendarpipe_requests_seconds histogram
            calendarpipe_requests_seconds_bucket{route="/",le="0.005"} 1
            calendarpipe_requests_seconds_bucket{route="/",le="+Inf"} 2
            calendarpipe_requests_seconds_count{route="/"} 2
            calendarpipe_requests_seconds_sum{route="/"} 0.25
            """;

    @Test
    void readsSamplesAndLabels() {
        PrometheusText text = PrometheusText.parse(GOOD);
        assertEquals(4.0, text.sum("calendarpipe_auth_total", Map.of()));
        assertEquals(1.0, text.sum("calendarpipe_auth_total", Map.of("note", "a \"quoted\" \\ value")));
    }

    @Test
    void refusesWhatPrometheusWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("x_total 1\n"), "no TYPE");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(
                "# TYPE x counter\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n"), "duplicate series");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(
                "# TYPE x counter\nx{a=1} 1\n"), "unquoted label");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(
                "# TYPE x counter\nx 1,5\n"), "bad value");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(
                "# TYPE x counter\nx 1"), "no final line feed");
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(GOOD.replace(
                "le=\"+Inf\"} 2", "le=\"+Inf\"} 0")), "buckets not cumulative");
    }
}
