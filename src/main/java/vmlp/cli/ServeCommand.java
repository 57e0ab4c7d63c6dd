package vmlp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vmlp.io.Model;
import vmlp.kernel.KernelsProvider;
import vmlp.serve.EmbeddingServer;
import vmlp.serve.ServeConfig;

/** {@code vmlp serve}: the embedding server, until Ctrl-C or SIGTERM (which shut it down gracefully). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a model over HTTP: POST /v1/embed, POST /v1/predict (JSON or octet-stream float32),",
                "GET /v1/model, GET /health, GET /metrics (Prometheus). Concurrent requests are batched.",
                "Ctrl-C or SIGTERM stop accepting, finish the requests in flight, then exit."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--port", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).",
            defaultValue = "8080")
    int port;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).",
            defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--max-batch", paramLabel = "ROWS",
            description = "Most rows coalesced into one forward pass (default: ${DEFAULT-VALUE}).", defaultValue = "256")
    int maxBatch;

    @Option(names = "--max-delay", paramLabel = "MICROSECONDS",
            description = "How long to wait for more requests to batch (default: ${DEFAULT-VALUE}).",
            defaultValue = "500")
    long maxDelay;

    @Option(names = "--no-batching", description = "One forward pass per request (the baseline).")
    boolean noBatching;

    @Option(names = "--max-rows", paramLabel = "ROWS",
            description = "Most rows in one request (default: ${DEFAULT-VALUE}).", defaultValue = "65536")
    int maxRows;

    @Option(names = "--max-body", paramLabel = "BYTES",
            description = "Largest request body accepted (default: ${DEFAULT-VALUE}).", defaultValue = "16777216")
    long maxBody;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Model m = model.load();
        ServeConfig defaults = ServeConfig.defaults();
        ServeConfig config = new ServeConfig(bind, port, maxBatch, maxDelay, !noBatching, maxRows, maxBody,
                defaults.shutdownGraceSeconds());
        EmbeddingServer server = EmbeddingServer.start(m, config);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("serving %s: %s%n", model, m.network());
        out.printf("kernels: %s%n", KernelsProvider.describe());
        out.printf("listening on http://%s:%d  (batching %s)  Ctrl-C to stop%n", bind, server.port(),
                noBatching ? "off" : "up to " + maxBatch + " rows, " + maxDelay + " µs");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "vmlp-serve-shutdown"));
        stopped.await();
        return 0;
    }
}
