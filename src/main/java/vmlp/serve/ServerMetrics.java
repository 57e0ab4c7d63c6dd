package vmlp.serve;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters and histograms, rendered in the Prometheus text exposition format for
 * {@code GET /metrics}. Updates are lock-free ({@link LongAdder}); a scrape reads each number once,
 * so the numbers of one scrape may be a few requests apart, as Prometheus expects.
 */
final class ServerMetrics {

    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};
    private static final double[] LATENCY_BUCKETS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder rows = new LongAdder();
    private final Histogram batchRows = new Histogram(BATCH_BUCKETS);
    private final Histogram latency = new Histogram(LATENCY_BUCKETS);

    void request(String endpoint, int status) {
        requests.computeIfAbsent(endpoint + "\",status=\"" + status, k -> new LongAdder()).increment();
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void rows(int count) {
        rows.add(count);
    }

    void batch(int rowsInBatch) {
        batchRows.observe(rowsInBatch);
    }

    void latency(long nanos) {
        latency.observe(nanos / 1e9);
    }

    String render() {
        StringBuilder out = new StringBuilder(2048);
        out.append("# HELP vmlp_requests_total HTTP requests by endpoint and status.\n");
        out.append("# TYPE vmlp_requests_total counter\n");
        requests.forEach((k, v) -> out.append("vmlp_requests_total{endpoint=\"").append(k).append("\"} ")
                .append(v.sum()).append('\n'));
        out.append("# HELP vmlp_rows_total Input rows run through the network.\n");
        out.append("# TYPE vmlp_rows_total counter\n");
        out.append("vmlp_rows_total ").append(rows.sum()).append('\n');
        out.append("# HELP vmlp_errors_total Refused requests by kind of mistake.\n");
        out.append("# TYPE vmlp_errors_total counter\n");
        errors.forEach((k, v) -> out.append("vmlp_errors_total{kind=\"").append(k).append("\"} ")
                .append(v.sum()).append('\n'));
        batchRows.render(out, "vmlp_batch_rows", "Rows per forward pass after dynamic batching.");
        latency.render(out, "vmlp_request_seconds", "Time from a request's arrival to its response.");
        return out.toString();
    }

    /** A cumulative histogram with fixed upper bounds. */
    private static final class Histogram {
        private final double[] bounds;
        private final LongAdder[] counts;
        private final LongAdder count = new LongAdder();
        private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length];
            for (int i = 0; i < bounds.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    counts[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(value);
        }

        void render(StringBuilder out, String name, String help) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(" histogram\n");
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += counts[i].sum();
                out.append(name).append("_bucket{le=\"").append(format(bounds[i])).append("\"} ")
                        .append(cumulative).append('\n');
            }
            out.append(name).append("_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
            out.append(name).append("_sum ").append(String.format(Locale.ROOT, "%.6f", sum.sum())).append('\n');
            out.append(name).append("_count ").append(count.sum()).append('\n');
        }

        private static String format(double bound) {
            return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
        }
    }
}
