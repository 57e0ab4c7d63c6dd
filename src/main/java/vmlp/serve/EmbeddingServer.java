package vmlp.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import vmlp.io.Json;
import vmlp.io.Model;
import vmlp.nn.Dense;
import vmlp.nn.Network;

/**
 * An HTTP service that embeds and classifies rows with a trained network, on the JDK's own HTTP
 * server with one virtual thread per request.
 *
 * <pre>
 * POST /v1/embed     {"inputs": [[...], ...], "layer": optional}  → {"embeddings": [[...]], "dims": d}
 *                    or application/octet-stream: rows of little-endian float32 in and out
 *                    (the layer as ?layer=N; the response's X-Rows and X-Dims headers give its shape)
 * POST /v1/predict   the same inputs → {"classes": [...], "probabilities": [[...]]}
 * GET  /v1/model     the architecture and the model file's metadata
 * GET  /health       {"status": "ok"}
 * GET  /metrics      Prometheus text: requests, rows, batch sizes, latency, errors by kind
 * </pre>
 *
 * Concurrent requests are coalesced into shared forward passes by a {@link DynamicBatcher}; each
 * response is still exactly what its request alone would give. A client's mistake (malformed JSON,
 * wrong width, NaN, too large, wrong content type) is a 4xx with a JSON body
 * {@code {"error": {"kind": ..., "message": ...}}}; the server keeps serving. {@link #close()} stops
 * accepting, lets the requests in flight finish, then stops the batcher.
 */
public final class EmbeddingServer implements AutoCloseable {

    private static final String JSON = "application/json";
    private static final String OCTETS = "application/octet-stream";

    private final Model model;
    private final ServeConfig config;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Inference inference;
    private final HttpServer http;
    private final ExecutorService executor;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    /** Inference requests received and not yet handed to the batcher (it waits for these). */
    private final java.util.concurrent.atomic.AtomicInteger arriving = new java.util.concurrent.atomic.AtomicInteger();

    private EmbeddingServer(Model model, ServeConfig config) throws IOException {
        this.model = model;
        this.config = config;
        Network network = model.network();
        // one batching worker per core, as many as the unbatched path runs passes at once: with a
        // single worker one core computed while the other only parsed HTTP (jmh/serve-load 5 1,8,64 16
        // on 2 cores: 96k against 106k rows/s at 64 clients)
        this.inference = config.batching()
                ? new DynamicBatcher(network, config.maxBatchRows(), config.maxDelayMicros() * 1000,
                        Runtime.getRuntime().availableProcessors(), metrics, arriving::get)
                : new DirectInference(network, config.maxBatchRows(), Runtime.getRuntime().availableProcessors(),
                        metrics);
        this.http = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 0);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        http.createContext("/", this::handle);
    }

    /**
     * Starts serving.
     *
     * @throws IOException when the address cannot be bound (the message names it)
     */
    public static EmbeddingServer start(Model model, ServeConfig config) throws IOException {
        // Without TCP_NODELAY a response written as headers then body waits out the client's delayed
        // ACK: 40+ ms per request once bodies span several segments (measured with jmh/serve-load,
        // 16 rows per request: p50 47.9 ms with Nagle, see README). Read once, when the JDK's HTTP
        // server is first used, and only set here if the user has not chosen.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        EmbeddingServer server;
        try {
            server = new EmbeddingServer(model, config);
        } catch (java.net.BindException e) {
            throw new IOException("cannot listen on " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        server.http.start();
        return server;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** Stops accepting connections, waits for requests in flight (up to the grace period), then stops. */
    @Override
    public void close() throws InterruptedException {
        http.stop(config.shutdownGraceSeconds());
        inference.close();
        executor.close();
    }

    /** Requests being handled right now. */
    int requestsInFlight() {
        return inFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        int status;
        try {
            status = route(exchange, path);
        } catch (BadRequestException e) {
            metrics.error(e.kind());
            status = e.status();
            sendError(exchange, e.status(), e.kind(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 503;
            sendError(exchange, 503, "shutting_down", "the server is shutting down");
        } catch (java.util.concurrent.RejectedExecutionException e) {
            status = 503;
            sendError(exchange, 503, "shutting_down", e.getMessage());
        } catch (RuntimeException e) {
            metrics.error("internal");
            status = 500;
            sendError(exchange, 500, "internal", String.valueOf(e));
        } finally {
            exchange.close();
            inFlight.decrementAndGet();
        }
        metrics.request(endpointLabel(path), status);
        metrics.latency(System.nanoTime() - start);
    }

    private int route(HttpExchange exchange, String path) throws IOException, BadRequestException,
            InterruptedException {
        String method = exchange.getRequestMethod();
        return switch (path) {
            case "/v1/embed" -> {
                requireMethod(method, "POST");
                yield infer(exchange, false);
            }
            case "/v1/predict" -> {
                requireMethod(method, "POST");
                yield infer(exchange, true);
            }
            case "/v1/model" -> {
                requireMethod(method, "GET");
                yield send(exchange, 200, JSON, describeModel());
            }
            case "/health" -> {
                requireMethod(method, "GET");
                yield send(exchange, 200, JSON, "{\"status\":\"ok\"}");
            }
            case "/metrics" -> {
                requireMethod(method, "GET");
                yield send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.render());
            }
            default -> throw new BadRequestException(404, "not_found", "no endpoint " + path
                    + "; try POST /v1/embed, POST /v1/predict, GET /v1/model, GET /health, GET /metrics");
        };
    }

    private static void requireMethod(String method, String expected) throws BadRequestException {
        if (!method.equals(expected)) {
            throw new BadRequestException(405, "method_not_allowed", method + " is not allowed here; use " + expected);
        }
    }

    /** The inputs of one request, parsed, checked and standardised. */
    private record Inputs(float[] x, int rows, int layer) {}

    private int infer(HttpExchange exchange, boolean predict) throws IOException, BadRequestException,
            InterruptedException {
        String type = contentType(exchange);
        Network network = model.network();
        Inputs in;
        arriving.incrementAndGet();
        try {
            in = read(exchange, type, network, predict);
        } finally {
            arriving.decrementAndGet();
        }
        float[] x = in.x();
        int rows = in.rows();
        int layer = in.layer();
        float[] out = inference.run(x, rows, layer);
        metrics.rows(rows);
        int width = network.layers().get(layer).outputs();
        if (type.equals(OCTETS)) {
            ByteBuffer bytes = ByteBuffer.allocate(out.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(out);
            exchange.getResponseHeaders().set("X-Rows", Integer.toString(rows));
            exchange.getResponseHeaders().set("X-Dims", Integer.toString(width));
            return send(exchange, 200, OCTETS, bytes.array());
        }
        StringBuilder json = new StringBuilder(out.length * 12 + 64);
        if (predict) {
            json.append("{\"classes\":[");
            int[] classes = Network.argmaxRows(out, rows, width);
            for (int r = 0; r < rows; r++) {
                json.append(r == 0 ? "" : ",").append(classes[r]);
            }
            json.append("],\"probabilities\":");
        } else {
            json.append("{\"embeddings\":");
        }
        JsonRows.appendRows(json, out, rows, width);
        json.append(",\"dims\":").append(width).append('}');
        return send(exchange, 200, JSON, json.toString());
    }

    private Inputs read(HttpExchange exchange, String type, Network network, boolean predict) throws IOException,
            BadRequestException {
        int inputs = network.inputs();
        byte[] body = readBody(exchange);
        float[] x;
        int rows;
        int layer;
        if (type.equals(JSON)) {
            JsonRows.Request request = JsonRows.parseRequest(body, body.length, inputs, config.maxRequestRows());
            x = request.inputs();
            rows = request.rows();
            layer = request.layer();
        } else {
            rows = octetRows(body.length, inputs);
            x = new float[rows * inputs];
            ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x);
            checkFinite(x, inputs);
            layer = queryLayer(exchange);
        }
        int last = network.layers().size() - 1;
        if (predict) {
            layer = last;
        } else if (layer == -1) {
            layer = network.lastHiddenLayer();
        } else if (layer < 0 || layer > last) {
            throw new BadRequestException(400, "bad_layer",
                    "layer " + layer + " does not exist; the model has layers 0.." + last);
        }
        if (model.standardizer().isPresent()) {
            x = model.standardizer().get().apply(x);
        }
        return new Inputs(x, rows, layer);
    }

    private String contentType(HttpExchange exchange) throws BadRequestException {
        String header = exchange.getRequestHeaders().getFirst("Content-Type");
        String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals(JSON) && !type.equals(OCTETS)) {
            throw new BadRequestException(415, "unsupported_media_type", "Content-Type "
                    + (header == null ? "is missing" : "'" + header + "' is not supported")
                    + "; send " + JSON + " or " + OCTETS);
        }
        return type;
    }

    /** The body, refused (413) before it is read when its declared length is over the limit. */
    private byte[] readBody(HttpExchange exchange) throws IOException, BadRequestException {
        long limit = config.maxBodyBytes();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new BadRequestException(400, "bad_length", "Content-Length '" + declared + "' is not a number");
            }
            if (length > limit) {
                exchange.getResponseHeaders().set("Connection", "close");
                throw new BadRequestException(413, "body_too_large",
                        "body of " + length + " bytes is over the limit of " + limit);
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (body.length > limit) {
                exchange.getResponseHeaders().set("Connection", "close");
                throw new BadRequestException(413, "body_too_large", "body is over the limit of " + limit + " bytes");
            }
            return body;
        }
    }

    private int octetRows(int bytes, int inputs) throws BadRequestException {
        int rowBytes = inputs * Float.BYTES;
        if (bytes == 0 || bytes % rowBytes != 0) {
            throw new BadRequestException(400, "wrong_width", "body of " + bytes + " bytes is not a whole number of"
                    + " rows of " + inputs + " float32 (" + rowBytes + " bytes each)");
        }
        int rows = bytes / rowBytes;
        if (rows > config.maxRequestRows()) {
            throw new BadRequestException(413, "too_many_rows",
                    rows + " rows in one request; the limit is " + config.maxRequestRows());
        }
        return rows;
    }

    private static void checkFinite(float[] x, int inputs) throws BadRequestException {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new BadRequestException(400, "non_finite",
                        "row " + i / inputs + ", value " + i % inputs + " is " + x[i]);
            }
        }
    }

    private static int queryLayer(HttpExchange exchange) throws BadRequestException {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return -1;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("layer=")) {
                try {
                    return Integer.parseInt(pair.substring("layer=".length()));
                } catch (NumberFormatException e) {
                    throw new BadRequestException(400, "bad_layer", "layer '" + pair.substring(6) + "' is not an integer");
                }
            }
        }
        return -1;
    }

    private String describeModel() {
        Network network = model.network();
        List<Object> layers = new ArrayList<>();
        for (int l = 0; l < network.layers().size(); l++) {
            Dense d = network.layers().get(l);
            layers.add(ordered("index", l, "units", d.outputs(), "activation", d.activation().name()));
        }
        Map<String, Object> json = ordered("inputs", network.inputs(), "outputs", network.outputs(), "layers", layers,
                "loss", network.loss().name(), "parameters", network.parameterCount(),
                "default_embedding_layer", network.lastHiddenLayer(),
                "standardized", model.standardizer().isPresent(), "metadata", new TreeMap<>(model.metadata()));
        return Json.write(json);
    }

    /** A JSON object with its keys in the order given: key, value, key, value, ... */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private void sendError(HttpExchange exchange, int status, String kind, String message) throws IOException {
        send(exchange, status, JSON, Json.write(Map.of("error", ordered("kind", kind, "message", message))));
    }

    private static int send(HttpExchange exchange, int status, String type, String body) throws IOException {
        return send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }

    private static String endpointLabel(String path) {
        return switch (path) {
            case "/v1/embed", "/v1/predict", "/v1/model", "/health", "/metrics" -> path;
            default -> "other";
        };
    }
}
