package vmlp.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vmlp.data.Standardizer;
import vmlp.io.Model;
import vmlp.nn.Activation;
import vmlp.nn.Network;
import vmlp.nn.Workspace;

/** The server over real HTTP on loopback, with the JDK's HttpClient. */
class EmbeddingServerTest {

    private static final int INPUTS = 40;

    /**
     * Hidden layers wide enough for the vector kernels' packed GEMM (at least one vector of outputs
     * and 32 inputs), where a batch of a whole row tile (12 rows) and a lone row run different code: the
     * bit-for-bit answers below hold there too.
     */
    private final Network network = Network.builder().input(INPUTS).dense(48, Activation.RELU)
            .dense(33, Activation.TANH).dense(4, Activation.SOFTMAX).seed(21).build();
    private final HttpClient client = HttpClient.newHttpClient();
    private EmbeddingServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        client.close();
    }

    private URI start(ServeConfig config) throws IOException {
        return start(Model.of(network).withMetadata("name", "test"), config);
    }

    private URI start(Model model, ServeConfig config) throws IOException {
        server = EmbeddingServer.start(model, config.withPort(0));
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private static float[] rows(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * INPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /** What the library computes for these rows alone: the activations of {@code layer}. */
    private float[] library(float[] x, int rows, int layer) {
        Workspace ws = network.newWorkspace(rows);
        network.forward(ws, x, 0, rows);
        int width = network.layers().get(layer).outputs();
        float[] out = new float[rows * width];
        System.arraycopy(ws.activations(layer), 0, out, 0, out.length);
        return out;
    }

    private static String json(float[] x, int rows, String extra) {
        StringBuilder s = new StringBuilder("{\"inputs\":");
        JsonRows.appendRows(s, x, rows, INPUTS);
        return s.append(extra).append('}').toString();
    }

    private HttpResponse<String> post(URI base, String path, String type, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> postBytes(URI base, String path, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Every number in the named JSON array (of arrays), in order. */
    private static float[] numbers(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\[[^a-z\"]*\\])").matcher(json);
        assertTrue(m.find(), "no " + field + " in " + json);
        Matcher n = Pattern.compile("-?[0-9][0-9.eE+-]*").matcher(m.group(1));
        List<Float> values = new ArrayList<>();
        while (n.find()) {
            values.add(Float.parseFloat(n.group()));
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static byte[] littleEndian(float[] x) {
        ByteBuffer b = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(x);
        return b.array();
    }

    @Test
    void embedAsJsonEqualsTheLibraryBitForBit() throws Exception {
        URI base = start(ServeConfig.defaults());
        float[] x = rows(5, 1);
        HttpResponse<String> r = post(base, "/v1/embed", "application/json", json(x, 5, ""));
        assertEquals(200, r.statusCode(), r.body());
        assertArrayEquals(library(x, 5, 1), numbers(r.body(), "embeddings"), "default: the last hidden layer");
        assertTrue(r.body().endsWith("\"dims\":33}"), r.body());

        HttpResponse<String> first = post(base, "/v1/embed", "application/json", json(x, 5, ",\"layer\":0"));
        assertArrayEquals(library(x, 5, 0), numbers(first.body(), "embeddings"));
    }

    @Test
    void embedAsOctetStreamEqualsTheLibraryBitForBit() throws Exception {
        URI base = start(ServeConfig.defaults());
        float[] x = rows(33, 2);
        HttpResponse<byte[]> r = postBytes(base, "/v1/embed?layer=2", littleEndian(x));
        assertEquals(200, r.statusCode());
        assertEquals("33", r.headers().firstValue("X-Rows").orElseThrow());
        assertEquals("4", r.headers().firstValue("X-Dims").orElseThrow());
        float[] got = new float[33 * 4];
        ByteBuffer.wrap(r.body()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(got);
        assertArrayEquals(library(x, 33, 2), got);
    }

    @Test
    void predictReturnsClassesAndProbabilities() throws Exception {
        URI base = start(ServeConfig.defaults());
        float[] x = rows(6, 3);
        HttpResponse<String> r = post(base, "/v1/predict", "application/json; charset=utf-8", json(x, 6, ""));
        assertEquals(200, r.statusCode(), r.body());
        float[] p = library(x, 6, 2);
        assertArrayEquals(p, numbers(r.body(), "probabilities"));
        int[] classes = Network.argmaxRows(p, 6, 4);
        float[] got = numbers(r.body(), "classes");
        for (int i = 0; i < 6; i++) {
            assertEquals(classes[i], (int) got[i]);
        }
    }

    @Test
    void inputsAreStandardisedWithTheModelsParameters() throws Exception {
        float[] mean = new float[INPUTS];
        float[] std = new float[INPUTS];
        for (int j = 0; j < INPUTS; j++) {
            mean[j] = j;
            std[j] = 2f;
        }
        Standardizer s = Standardizer.of(mean, std);
        URI base = start(Model.of(network, s), ServeConfig.defaults());
        float[] x = rows(3, 4);
        HttpResponse<String> r = post(base, "/v1/embed", "application/json", json(x, 3, ""));
        assertArrayEquals(library(s.apply(x), 3, 1), numbers(r.body(), "embeddings"));
    }

    @Test
    void manyConcurrentClientsEachGetTheirOwnAnswerBitForBit() throws Exception {
        URI base = start(ServeConfig.defaults().withBatching(true, 64, 2000));
        int clients = 24;
        int requestsEach = 10;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int q = 0; q < requestsEach; q++) {
                        int rows = 1 + (client + q) % 7;
                        float[] x = rows(rows, 1000L * client + q);
                        HttpResponse<String> r = post(base, "/v1/embed", "application/json", json(x, rows, ""));
                        assertEquals(200, r.statusCode(), r.body());
                        assertArrayEquals(library(x, rows, 1), numbers(r.body(), "embeddings"),
                                "client " + client + " request " + q);
                    }
                    return requestsEach;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(requestsEach, f.get());
            }
        }
        String metrics = client.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("vmlp_requests_total{endpoint=\"/v1/embed\",status=\"200\"} " + clients * requestsEach),
                metrics);
        assertTrue(metrics.contains("vmlp_batch_rows_count"), metrics);
    }

    @Test
    void unbatchedServingGivesTheSameAnswers() throws Exception {
        URI base = start(ServeConfig.defaults().withBatching(false, 16, 0));
        float[] x = rows(40, 5);
        HttpResponse<String> r = post(base, "/v1/embed", "application/json", json(x, 40, ",\"layer\":2"));
        assertArrayEquals(library(x, 40, 2), numbers(r.body(), "embeddings"), "40 rows in passes of 16");
    }

    @Test
    void everyKindOfBadRequestGetsItsStatusAndAJsonError() throws Exception {
        URI base = start(ServeConfig.defaults().withLimits(8, 4096));
        float[] x = rows(2, 6);
        record Bad(String path, String type, String body, int status, String kind) {}
        List<Bad> cases = List.of(
                new Bad("/v1/embed", "application/json", "{\"inputs\": [[1,2", 400, "malformed_json"),
                new Bad("/v1/embed", "application/json", "[1,2,3]", 400, "malformed_json"),
                new Bad("/v1/embed", "application/json", "{\"inputs\": [[NaN]]}", 400, "malformed_json"),
                new Bad("/v1/embed", "application/json", "{\"inputs\": [[1,2,3]]}", 400, "wrong_width"),
                new Bad("/v1/embed", "application/json", json(x, 2, ",\"layer\":9"), 400, "bad_layer"),
                new Bad("/v1/embed", "application/json", json(x, 2, ",\"extra\":1"), 400, "malformed_json"),
                new Bad("/v1/embed", "application/json", "{\"inputs\": []}", 400, "malformed_json"),
                new Bad("/v1/embed", "application/json", "{\"inputs\": [[" + "1e39,".repeat(INPUTS - 1) + "1]]}",
                        400, "non_finite"),
                new Bad("/v1/embed", "application/json", json(rows(9, 7), 9, ""), 413, "too_many_rows"),
                new Bad("/v1/embed", "text/plain", json(x, 2, ""), 415, "unsupported_media_type"),
                new Bad("/v1/nothing", "application/json", "{}", 404, "not_found"));
        for (Bad bad : cases) {
            HttpResponse<String> r = post(base, bad.path(), bad.type(), bad.body());
            assertEquals(bad.status(), r.statusCode(), bad + " → " + r.body());
            assertTrue(r.body().startsWith("{\"error\":{\"kind\":\"" + bad.kind() + "\""), bad + " → " + r.body());
        }
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(base.resolve("/v1/embed")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());

        float[] nan = rows(1, 8);
        nan[3] = Float.NaN;
        assertEquals(400, postBytes(base, "/v1/embed", littleEndian(nan)).statusCode());
        assertEquals(400, postBytes(base, "/v1/embed", new byte[INPUTS * 4 + 1]).statusCode());

        // after all that, the server still serves
        assertEquals(200, post(base, "/v1/embed", "application/json", json(x, 2, "")).statusCode());
        String metrics = client.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("vmlp_errors_total{kind=\"wrong_width\"}"), metrics);
    }

    @Test
    void anOversizedBodyIsRefusedWithoutReadingIt() throws Exception {
        URI base = start(ServeConfig.defaults().withLimits(8, 4096));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // announce a gigabyte, send none of it: the answer must come anyway
            out.write(("POST /v1/embed HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", status);
        }
        assertEquals(200, client.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void modelAndHealthDescribeTheServer() throws Exception {
        URI base = start(ServeConfig.defaults());
        String model = client.send(HttpRequest.newBuilder(base.resolve("/v1/model")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(model.contains("\"inputs\":" + INPUTS) && model.contains("\"activation\":\"softmax\"")
                && model.contains("\"name\":\"test\"") && model.contains("\"default_embedding_layer\":1"), model);
        assertEquals("{\"status\":\"ok\"}", client.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void shutdownFinishesRequestsInFlightThenRefusesConnections() throws Exception {
        // a long batching delay keeps the requests waiting in the batcher when close() is called
        URI base = start(ServeConfig.defaults().withBatching(true, 1024, 300_000));
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float[] x = rows(2, 50 + i);
            inputs.add(x);
            inFlight.add(client.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/embed"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json(x, 2, ""))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        long giveUp = System.nanoTime() + 60_000_000_000L; // a bound on the wait, not a timing assertion
        while (server.requestsInFlight() < 4) {
            assertTrue(System.nanoTime() < giveUp, "the 4 requests never reached the server");
            Thread.onSpinWait();
        }
        server.close();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = inFlight.get(i).get();
            assertEquals(200, r.statusCode(), r.body());
            assertArrayEquals(library(inputs.get(i), 2, 1), numbers(r.body(), "embeddings"));
        }
        server = null;
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", base.getPort()).close());
    }
}
