package vmlp.serve;

/**
 * How {@link EmbeddingServer} listens, batches and limits.
 *
 * @param bind the address to listen on (default 127.0.0.1: loopback only)
 * @param port the TCP port; 0 picks a free one
 * @param maxBatchRows the most rows one forward pass coalesces
 * @param maxDelayMicros how long the batcher waits for more requests after the first one; with
 *     {@code batching} off it is unused
 * @param batching whether to coalesce concurrent requests (off: one pass per request)
 * @param maxRequestRows the most rows one request may carry (413 beyond)
 * @param maxBodyBytes the largest request body accepted (413 beyond, without reading it)
 * @param shutdownGraceSeconds how long a shutdown waits for requests in flight
 */
public record ServeConfig(String bind, int port, int maxBatchRows, long maxDelayMicros, boolean batching,
                          int maxRequestRows, long maxBodyBytes, int shutdownGraceSeconds) {

    public ServeConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxBatchRows < 1) {
            throw new IllegalArgumentException("max batch rows must be at least 1, got " + maxBatchRows);
        }
        if (maxDelayMicros < 0) {
            throw new IllegalArgumentException("max delay must be at least 0 µs, got " + maxDelayMicros);
        }
        if (maxRequestRows < 1) {
            throw new IllegalArgumentException("max rows per request must be at least 1, got " + maxRequestRows);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("max body size must be at least 1 byte, got " + maxBodyBytes);
        }
        if (shutdownGraceSeconds < 0) {
            throw new IllegalArgumentException("shutdown grace must be at least 0 s, got " + shutdownGraceSeconds);
        }
    }

    /** Loopback, port 8080, batches of up to 256 rows gathered for up to 500 µs, 16 MiB bodies. */
    public static ServeConfig defaults() {
        return new ServeConfig("127.0.0.1", 8080, 256, 500, true, 65_536, 16L << 20, 10);
    }

    public ServeConfig withPort(int newPort) {
        return new ServeConfig(bind, newPort, maxBatchRows, maxDelayMicros, batching, maxRequestRows, maxBodyBytes,
                shutdownGraceSeconds);
    }

    public ServeConfig withBind(String newBind) {
        return new ServeConfig(newBind, port, maxBatchRows, maxDelayMicros, batching, maxRequestRows, maxBodyBytes,
                shutdownGraceSeconds);
    }

    public ServeConfig withBatching(boolean on, int newMaxBatchRows, long newMaxDelayMicros) {
        return new ServeConfig(bind, port, newMaxBatchRows, newMaxDelayMicros, on, maxRequestRows, maxBodyBytes,
                shutdownGraceSeconds);
    }

    public ServeConfig withLimits(int newMaxRequestRows, long newMaxBodyBytes) {
        return new ServeConfig(bind, port, maxBatchRows, maxDelayMicros, batching, newMaxRequestRows,
                newMaxBodyBytes, shutdownGraceSeconds);
    }
}
