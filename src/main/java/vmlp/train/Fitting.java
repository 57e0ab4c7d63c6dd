package vmlp.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import vmlp.data.Dataset;
import vmlp.data.Splits;
import vmlp.nn.Network;

/**
 * The epoch loop both trainers run: split off validation data, then for each epoch set the
 * learning rate, shuffle, take one {@link ShardedStep} per batch, evaluate, tell the listeners,
 * and decide whether to stop. The trainers differ only in where the steps' parallel phases run.
 */
final class Fitting {

    private final TrainingOptions.Settings settings;
    private final ParallelFor runner;
    private final ForkJoinPool pool;

    /**
     * @param runner where the steps' phases run
     * @param pool where validation runs, or null for the calling thread
     */
    Fitting(TrainingOptions.Settings settings, ParallelFor runner, ForkJoinPool pool) {
        this.settings = settings;
        this.runner = runner;
        this.pool = pool;
    }

    History fit(Network network, Dataset data) {
        Targets.check(data, network);
        Dataset train = data;
        Dataset validation = settings.validation();
        if (validation != null) {
            Targets.check(validation, network);
        } else if (settings.validationSplit() > 0) {
            long splitSeed = settings.seed() & 0xffffffffL;
            Splits.Split split = data.isClassification()
                    ? Splits.stratifiedTrainTest(data, settings.validationSplit(), splitSeed)
                    : Splits.trainTest(data, settings.validationSplit(), splitSeed);
            train = split.train();
            validation = split.test();
        }
        int rows = train.rows();
        int epochs = settings.epochs();
        List<EpochStats> history = new ArrayList<>(epochs);
        if (rows == 0) {
            return new History(history);
        }
        int batch = Math.min(settings.batchSize(), rows);
        int parameters = network.parameterCount();
        float[] params = network.parameters();
        Optimizer.Updater updater = settings.optimizer().start(parameters);
        ShardedStep step = new ShardedStep(network, train, batch, settings.shardsFor(batch), updater,
                settings.l2(), settings.clipNorm(), runner);
        ParallelPredictor validator = validation == null ? null : new ParallelPredictor(network, pool, false);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(settings.seed());
        EarlyStopping stopping = settings.earlyStopping();
        boolean keepBest = stopping != null && stopping.restoreBestWeights();
        float[] bestParams = keepBest ? params.clone() : null;
        Optimizer.Updater.Snapshot bestState = keepBest ? updater.snapshot() : null;
        // the epoch's starting point, to fall back on if a step ever leaves non-finite parameters
        float[] epochStart = new float[parameters];
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        String stopReason = null;
        boolean classification = train.isClassification();
        String monitored = validation != null ? "validation loss" : "training loss";

        for (int epoch = 1; epoch <= epochs && stopReason == null; epoch++) {
            double factor = settings.schedule().factor(epoch - 1, epochs, (long) (epoch - 1) * rows);
            float rate = (float) (settings.optimizer().learningRate() * factor);
            System.arraycopy(params, 0, epochStart, 0, parameters);
            Optimizer.Updater.Snapshot epochState = updater.snapshot();
            long start = System.nanoTime();
            if (settings.shuffle()) {
                shuffle(order, random);
            }
            double lossSum = 0;
            long hits = 0;
            double absError = 0;
            runner.begin();   // the pool's threads stay on call for this epoch's steps
            try {
                for (int from = 0, b = 1; from < rows; from += batch, b++) {
                    int count = Math.min(batch, rows - from);
                    if (!step.step(order, from, count, rate)) {
                        throw diverged(step, epoch, b, network, epochStart, updater, epochState, history, bestEpoch);
                    }
                    lossSum += step.loss;
                    hits += step.correct;
                    absError += step.absError;
                    if (!settings.batchListeners().isEmpty()) {
                        BatchStats stats = new BatchStats(epoch, b, count, step.loss / count, step.gradientNorm, rate);
                        for (Consumer<BatchStats> listener : settings.batchListeners()) {
                            listener.accept(stats);
                        }
                    }
                }
            } finally {
                runner.end();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation v = validator == null ? null : validator.evaluate(validation);
            EpochStats stats = new EpochStats(epoch, lossSum / rows,
                    classification ? (double) hits / rows : Double.NaN,
                    classification ? Double.NaN : absError / ((double) rows * network.outputs()),
                    v == null ? Double.NaN : v.loss(), v == null ? Double.NaN : v.accuracy(),
                    v == null ? Double.NaN : v.mse(), v == null ? Double.NaN : v.mae(),
                    rate, rows, seconds);
            history.add(stats);
            for (Consumer<EpochStats> listener : settings.epochListeners()) {
                listener.accept(stats);
            }
            double watched = v != null ? v.loss() : stats.loss();
            double minDelta = stopping == null ? 0 : stopping.minDelta();
            if (watched < best - minDelta) {
                best = watched;
                bestEpoch = epoch;
                sinceBest = 0;
                if (keepBest) {
                    System.arraycopy(params, 0, bestParams, 0, parameters);
                    bestState = updater.snapshot();
                }
            } else if (stopping != null && ++sinceBest >= stopping.patience()) {
                stopReason = "early stopping: " + monitored + " did not improve by more than " + minDelta
                        + " for " + stopping.patience() + " epoch" + (stopping.patience() == 1 ? "" : "s")
                        + " (best: epoch " + bestEpoch + ")";
            }
        }
        if (keepBest && bestEpoch > 0 && bestEpoch < history.size()) {
            System.arraycopy(bestParams, 0, params, 0, parameters);
            network.parametersChanged();
            updater.restore(bestState);
        }
        return new History(history, bestEpoch, stopReason);
    }

    /**
     * The exception for a non-finite loss or gradient. The step left the parameters alone; if the
     * step before had already made them non-finite, they go back to the start of the epoch.
     */
    private static TrainingDivergedException diverged(ShardedStep step, int epoch, int batch, Network network,
                                                      float[] epochStart, Optimizer.Updater updater,
                                                      Optimizer.Updater.Snapshot epochState,
                                                      List<EpochStats> history, int bestEpoch) {
        String what = !Double.isFinite(step.loss) ? "loss is " + step.loss : "gradient norm is " + step.gradientNorm;
        String kept = "the parameters are those before this step";
        float[] params = network.parameters();
        if (!allFinite(params)) {
            System.arraycopy(epochStart, 0, params, 0, params.length);
            network.parametersChanged();
            updater.restore(epochState);
            kept = "the previous step made the parameters non-finite, so they are back at the start of epoch "
                    + epoch;
        }
        return new TrainingDivergedException("training diverged: " + what + " in epoch " + epoch + ", batch "
                + batch + "; " + kept + "; lower the learning rate, clip the gradient or standardise the inputs",
                epoch, batch, new History(history, bestEpoch, "diverged in epoch " + epoch + ", batch " + batch));
    }

    private static boolean allFinite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Fisher–Yates, from the last element down. */
    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
