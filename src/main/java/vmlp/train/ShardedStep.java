package vmlp.train;

import java.util.Arrays;
import java.util.function.IntConsumer;
import vmlp.data.Dataset;
import vmlp.kernel.Kernels;
import vmlp.nn.Dense;
import vmlp.nn.Network;
import vmlp.nn.Workspace;

/**
 * One optimisation step on one mini-batch, cut into a fixed number of shards; the same code runs
 * sequentially ({@link Trainer}) and on a pool ({@link ParallelTrainer}), which is what makes the two
 * give the same bits.
 *
 * <p>A step has three parallel phases and a short sequential part between them:
 * <ol>
 *   <li><b>shards</b>: shard {@code s} takes rows {@code [s·n/S, (s+1)·n/S)} of the batch, gathers them
 *       into its own buffer, and runs forward and backward in its own workspace, writing its own
 *       gradient buffer with the whole batch's {@code 1/n} (so the shard gradients add up to the
 *       batch's mean gradient) and its own loss and hit counts;</li>
 *   <li><b>reduce</b>: the parameters are cut into fixed chunks; for each chunk the shard buffers are
 *       summed in a fixed binary tree ({@code g₀+g₁, g₂+g₃, …, then (g₀+g₁)+(g₂+g₃), …}), and the
 *       chunk's share of {@code ‖g‖²} is taken;</li>
 *   <li>sequentially: the losses and the chunks' squares are added in index order, NaN/∞ is
 *       detected, the clipping factor is set, the optimiser begins its step;</li>
 *   <li><b>update</b>: per chunk, clip, add {@code λ·W} (L2 on weights), apply the optimiser.</li>
 * </ol>
 * Every value is computed by the same arithmetic in the same order whichever thread runs which
 * index, so the result depends on the shard count and never on the thread count. The phases
 * allocate nothing: buffers are made here, once per {@code fit}.
 *
 * <p>The forward passes read each layer's weights packed ({@link Network#packWeights}): packed
 * before the first step, on all threads, and then kept current by the update phase, which packs
 * each chunk of weights right after updating it, while the chunk is in that core's cache. Every
 * shard reads the same packed copy.
 */
final class ShardedStep {

    /** Parameters per reduce/update chunk: a multiple of every lane count (so a chunked axpy has
     * the same vector/tail split as a whole one), and 64 KiB of floats, well inside L2. */
    private static final int MIN_CHUNK = 16384;
    private static final int MAX_CHUNKS = 256;

    private final Network network;
    private final Kernels kernels;
    private final Dataset data;
    private final float[] features;
    private final ParallelFor runner;
    private final Optimizer.Updater updater;
    private final float l2;
    private final float clipNorm;
    private final int shards;
    private final int inputs;
    private final int outputs;
    private final int parameterCount;
    private final int chunk;
    private final int chunks;
    private final int[] weightFrom;
    private final int[] weightTo;

    private final Workspace[] workspaces;
    private final float[][] shardX;
    private final float[][] shardY;
    private final float[][] shardGrads;
    private final double[] shardLoss;
    private final int[] shardCorrect;
    private final double[] shardAbsError;
    private final double[] chunkSquares;

    private final IntConsumer shardPhase = this::computeShard;
    private final IntConsumer reducePhase = this::reduceChunk;
    private final IntConsumer updatePhase = this::updateChunk;
    private final Network.Tasks packTasks;

    // the step in progress, read by the phases
    private int[] order;
    private int from;
    private int count;
    private float invBatch;
    private float learningRate;
    private float clipScale;

    // the last step's results
    double loss;
    double gradientNorm;
    int correct;
    double absError;

    ShardedStep(Network network, Dataset data, int maxBatch, int shards, Optimizer.Updater updater, float l2,
                float clipNorm, ParallelFor runner) {
        this.network = network;
        this.kernels = network.kernels();
        this.data = data;
        this.features = data.features();
        this.updater = updater;
        this.l2 = l2;
        this.clipNorm = clipNorm;
        this.shards = shards;
        this.inputs = network.inputs();
        this.outputs = network.outputs();
        this.parameterCount = network.parameterCount();
        this.chunk = chunkSize(parameterCount);
        this.chunks = Math.max(1, (parameterCount + chunk - 1) / chunk);
        this.runner = runner;
        this.packTasks = runner::run;
        int layers = network.layers().size();
        weightFrom = new int[layers];
        weightTo = new int[layers];
        for (int l = 0; l < layers; l++) {
            Dense d = network.layers().get(l);
            weightFrom[l] = d.weightOffset();
            weightTo[l] = d.biasOffset();
        }
        int shardRows = Math.max(1, (maxBatch + shards - 1) / shards);
        workspaces = new Workspace[shards];
        shardX = new float[shards][];
        shardY = new float[shards][];
        shardGrads = new float[shards][];
        for (int s = 0; s < shards; s++) {
            workspaces[s] = network.newWorkspace(shardRows);
            shardX[s] = new float[Math.multiplyExact(shardRows, inputs)];
            shardY[s] = new float[shardRows * outputs];
            shardGrads[s] = new float[parameterCount];
        }
        shardLoss = new double[shards];
        shardCorrect = new int[shards];
        shardAbsError = new double[shards];
        chunkSquares = new double[chunks];
    }

    /** Chunks of at least {@link #MIN_CHUNK}, rounded to 64 floats, at most {@link #MAX_CHUNKS} of them. */
    static int chunkSize(int parameterCount) {
        int even = (parameterCount + MAX_CHUNKS - 1) / MAX_CHUNKS;
        return Math.max(MIN_CHUNK, (even + 63) & ~63);
    }

    /** The mean gradient of the last batch, valid until the next step. */
    float[] gradient() {
        return shardGrads[0];
    }

    /**
     * Computes the gradient of rows {@code order[from … from+count)} and, when its loss and gradient
     * are finite, takes one optimiser step at {@code learningRate}.
     *
     * @return false, without touching the parameters, when the loss or the gradient is NaN or
     *     infinite ({@link #loss} and {@link #gradientNorm} say which)
     */
    boolean step(int[] order, int from, int count, float learningRate) {
        this.order = order;
        this.from = from;
        this.count = count;
        this.invBatch = 1f / count;
        this.learningRate = learningRate;
        network.packWeights(packTasks);
        runner.run(shards, shardPhase);
        runner.run(chunks, reducePhase);
        double lossSum = 0;
        double absSum = 0;
        int hits = 0;
        for (int s = 0; s < shards; s++) {
            lossSum += shardLoss[s];
            hits += shardCorrect[s];
            absSum += shardAbsError[s];
        }
        double squares = 0;
        for (int c = 0; c < chunks; c++) {
            squares += chunkSquares[c];
        }
        loss = lossSum;
        correct = hits;
        absError = absSum;
        gradientNorm = Math.sqrt(squares);
        if (!Double.isFinite(lossSum) || !Double.isFinite(squares)) {
            return false;
        }
        clipScale = gradientNorm > clipNorm ? (float) (clipNorm / (gradientNorm + 1e-6)) : 1f;
        updater.beginStep();
        runner.run(chunks, updatePhase);
        network.repackDone();
        return true;
    }

    private void computeShard(int s) {
        int start = (int) ((long) s * count / shards);
        int rows = (int) ((long) (s + 1) * count / shards) - start;
        if (rows == 0) {
            // a batch smaller than the shard count: this shard adds nothing
            Arrays.fill(shardGrads[s], 0f);
            shardLoss[s] = 0;
            shardCorrect[s] = 0;
            shardAbsError[s] = 0;
            return;
        }
        float[] x = shardX[s];
        float[] y = shardY[s];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(features, order[from + start + i] * inputs, x, i * inputs, inputs);
        }
        Targets.gather(data, order, from + start, rows, outputs, y);
        Workspace ws = workspaces[s];
        shardLoss[s] = network.gradient(ws, x, 0, y, rows, invBatch, shardGrads[s]);
        float[] predictions = ws.activations(network.layers().size() - 1);
        if (data.isClassification()) {
            shardCorrect[s] = Targets.hits(predictions, y, rows, outputs);
        } else {
            shardAbsError[s] = Targets.absoluteError(predictions, y, rows, outputs);
        }
    }

    private void reduceChunk(int c) {
        int lo = c * chunk;
        int n = Math.min(parameterCount, lo + chunk) - lo;
        for (int stride = 1; stride < shards; stride *= 2) {
            for (int i = 0; i + stride < shards; i += 2 * stride) {
                kernels.axpy(n, 1f, shardGrads[i + stride], lo, shardGrads[i], lo);
            }
        }
        chunkSquares[c] = sumOfSquares(shardGrads[0], lo, lo + n);
    }

    /**
     * {@code Σ g²} over {@code [from, to)}, so NaN or ∞ anywhere shows. A plain loop on purpose: a
     * vector kernel's {@code reduceLanes} adds the lanes in another order in the interpreter than in
     * C2, and the clipping factor must not depend on when the JIT compiled what. Eight accumulators
     * for instruction-level parallelism (float: a chunk is at most a few
     * thousand terms per accumulator), added in a fixed order.
     */
    static double sumOfSquares(float[] g, int from, int to) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            s0 += g[i] * g[i];
            s1 += g[i + 1] * g[i + 1];
            s2 += g[i + 2] * g[i + 2];
            s3 += g[i + 3] * g[i + 3];
            s4 += g[i + 4] * g[i + 4];
            s5 += g[i + 5] * g[i + 5];
            s6 += g[i + 6] * g[i + 6];
            s7 += g[i + 7] * g[i + 7];
        }
        for (; i < to; i++) {
            s0 += g[i] * g[i];
        }
        return ((double) s0 + s1 + s2 + s3) + ((double) s4 + s5 + s6 + s7);
    }

    private void updateChunk(int c) {
        int lo = c * chunk;
        int hi = Math.min(parameterCount, lo + chunk);
        float[] g = shardGrads[0];
        float[] params = network.parameters();
        if (clipScale != 1f) {
            kernels.scale(hi - lo, clipScale, g, lo);
        }
        if (l2 > 0f) {
            for (int l = 0; l < weightFrom.length; l++) {
                int a = Math.max(lo, weightFrom[l]);
                int b = Math.min(hi, weightTo[l]);
                if (a < b) {
                    kernels.axpy(b - a, l2, params, a, g, a);
                }
            }
        }
        updater.update(kernels, params, g, learningRate, lo, hi);
        network.repack(lo, hi);
    }
}
