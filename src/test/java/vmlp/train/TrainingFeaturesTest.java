package vmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vmlp.data.Dataset;
import vmlp.kernel.Kernels;
import vmlp.kernel.KernelsProvider;
import vmlp.nn.Activation;
import vmlp.nn.Loss;
import vmlp.nn.Network;

/** Optimisers, schedules, regularisation, validation, early stopping, listeners and divergence. */
class TrainingFeaturesTest {

    private static final Kernels SCALAR = KernelsProvider.scalar();

    private static Dataset blobs() {
        return ParallelTrainerTest.blobs(400, 40, 5, 21);
    }

    private static Network net() {
        return ParallelTrainerTest.network();
    }

    // ---------------------------------------------------------------- optimisers

    /** The update rules against the formulas, step by step in double precision. */
    @Test
    void optimisersFollowTheirFormulas() {
        float[] g1 = {0.5f, -2f, 0f};
        float[] g2 = {-0.25f, 1f, 3f};
        double lr = 0.1;
        // momentum μ = 0.9: v1 = g1, θ -= lr v1; v2 = μ v1 + g2, θ -= lr v2
        double[] expectMomentum = new double[3];
        double[] expectNesterov = new double[3];
        double[] expectAdam = new double[3];
        double[] expectAdamW = new double[3];
        for (int i = 0; i < 3; i++) {
            double v1 = g1[i];
            double v2 = 0.9 * v1 + g2[i];
            expectMomentum[i] = 1 - lr * v1 - lr * v2;
            expectNesterov[i] = 1 - lr * (g1[i] + 0.9 * v1) - lr * (g2[i] + 0.9 * v2);
            double m = 0;
            double v = 0;
            double theta = 1;
            double thetaW = 1;
            float[][] gs = {g1, g2};
            for (int t = 1; t <= 2; t++) {
                double g = gs[t - 1][i];
                m = 0.9 * m + 0.1 * g;
                v = 0.999 * v + 0.001 * g * g;
                double mHat = m / (1 - Math.pow(0.9, t));
                double vHat = v / (1 - Math.pow(0.999, t));
                theta -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                thetaW = thetaW * (1 - lr * 0.01) - lr * mHat / (Math.sqrt(vHat) + 1e-8);
            }
            expectAdam[i] = theta;
            expectAdamW[i] = thetaW;
        }
        check(new Optimizer.Momentum(0.1f, 0.9f, false), g1, g2, expectMomentum);
        check(new Optimizer.Momentum(0.1f, 0.9f, true), g1, g2, expectNesterov);
        check(new Optimizer.Adam(0.1f), g1, g2, expectAdam);
        check(new Optimizer.AdamW(0.1f, 0.01f), g1, g2, expectAdamW);
        check(new Optimizer.Sgd(0.1f), g1, g2, new double[] {1 - 0.1 * 0.25, 1 + 0.1, 1 - 0.3});
    }

    private static void check(Optimizer optimizer, float[] g1, float[] g2, double[] expected) {
        float[] params = {1, 1, 1};
        Optimizer.Updater u = optimizer.start(3);
        u.step(SCALAR, params, g1, optimizer.learningRate());
        u.step(SCALAR, params, g2, optimizer.learningRate());
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], params[i], 1e-6, optimizer.describe() + " parameter " + i);
        }
        assertEquals(2, u.steps());
    }

    @Test
    void anUpdaterRestoredFromASnapshotContinuesExactlyAsBefore() {
        float[] g = {0.3f, -0.7f};
        for (String name : new String[] {"sgd", "momentum", "nesterov", "adam", "adamw"}) {
            Optimizer o = Optimizer.named(name, 0.01f);
            Optimizer.Updater u = o.start(2);
            float[] p = {1, 2};
            u.step(SCALAR, p, g, 0.01f);
            Optimizer.Updater.Snapshot snap = u.snapshot();
            float[] atSnap = p.clone();
            u.step(SCALAR, p, g, 0.01f);
            float[] once = p.clone();
            u.step(SCALAR, p, g, 0.01f);
            u.restore(snap);
            float[] again = atSnap.clone();
            u.step(SCALAR, again, g, 0.01f);
            assertArrayEquals(once, again, name);
        }
    }

    @Test
    void everyOptimiserLearnsTheBlobs() {
        for (String name : new String[] {"sgd", "momentum", "nesterov", "adam", "adamw"}) {
            float lr = name.startsWith("adam") ? 2e-3f : 0.02f;
            Network n = net();
            History h = Trainer.builder().epochs(5).batchSize(32).optimizer(Optimizer.named(name, lr)).build()
                    .fit(n, blobs());
            assertTrue(h.finalLoss() < 0.6 * h.losses()[0], name + ": " + h.finalLoss() + " from " + h.losses()[0]);
            assertTrue(h.epochs().getLast().accuracy() > 0.8, name + ": " + h.epochs().getLast());
        }
    }

    // ---------------------------------------------------------------- schedules, L2, clipping

    @Test
    void schedulesGiveTheirFactors() {
        assertEquals(1, LearningRateSchedule.constant().factor(7, 10, 1000));
        LearningRateSchedule step = LearningRateSchedule.step(3, 0.5);
        assertEquals(1, step.factor(2, 10, 0));
        assertEquals(0.5, step.factor(3, 10, 0));
        assertEquals(0.25, step.factor(6, 10, 0));
        LearningRateSchedule cosine = LearningRateSchedule.cosine(0.1);
        assertEquals(1, cosine.factor(0, 10, 0), 1e-12);
        assertEquals(0.55, cosine.factor(5, 10, 0), 1e-12);
        assertEquals(1 / Math.sqrt(101), LearningRateSchedule.inverseScaling(0.5).factor(1, 10, 100), 1e-12);
        List<Double> rates = new ArrayList<>();
        Trainer.builder().epochs(4).optimizer(new Optimizer.Sgd(0.1f)).schedule(step)
                .onEpoch(s -> rates.add(s.learningRate())).build().fit(net(), blobs());
        assertEquals(List.of(0.1, 0.1, 0.1, 0.05), rates.stream().map(r -> Math.round(r * 1e6) / 1e6).toList());
    }

    @Test
    void clippingBoundsTheStep() {
        Network n = net();
        float[] before = n.parameters().clone();
        List<BatchStats> batches = new ArrayList<>();
        Trainer.builder().epochs(1).batchSize(400).optimizer(new Optimizer.Sgd(1f)).clipNorm(0.01f)
                .onBatch(batches::add).build().fit(n, blobs());
        assertTrue(batches.getFirst().gradientNorm() > 0.01, "the gradient needed clipping");
        double moved = 0;
        for (int i = 0; i < before.length; i++) {
            moved += Math.pow(n.parameters()[i] - before[i], 2);
        }
        assertEquals(0.01, Math.sqrt(moved), 1e-5, "one SGD step at rate 1 moves by the clipped norm");
    }

    @Test
    void l2ShrinksTheWeightsButNotTheBiases() {
        // one SGD step with and without L2 from the same start: W differs by exactly η·λ·W, b not at all
        Network plain = net();
        Network decayed = net();
        float[] start = plain.parameters().clone();
        Trainer.builder().epochs(1).batchSize(400).optimizer(new Optimizer.Sgd(0.1f)).build().fit(plain, blobs());
        Trainer.builder().epochs(1).batchSize(400).optimizer(new Optimizer.Sgd(0.1f)).l2(0.5f).build()
                .fit(decayed, blobs());
        for (var layer : plain.layers()) {
            for (int i = layer.weightOffset(); i < layer.biasOffset(); i++) {
                assertEquals(plain.parameters()[i] - 0.1f * 0.5f * start[i], decayed.parameters()[i], 1e-6f, "W " + i);
            }
            for (int i = layer.biasOffset(); i < layer.biasOffset() + layer.outputs(); i++) {
                assertEquals(plain.parameters()[i], decayed.parameters()[i], "b " + i);
            }
        }
    }

    // ---------------------------------------------------------------- validation, early stopping, metrics

    @Test
    void aValidationSplitIsHeldOutAndEvaluatedEveryEpoch() {
        List<EpochStats> seen = new ArrayList<>();
        History h = Trainer.builder().epochs(3).validationSplit(0.25).optimizer(new Optimizer.Adam(2e-3f))
                .onEpoch(seen::add).build().fit(net(), blobs());
        assertEquals(3, seen.size());
        for (EpochStats s : h.epochs()) {
            assertTrue(s.hasValidation() && s.validationAccuracy() > 0.5, s.toString());
            assertEquals(300, s.samples(), "a quarter of 400 rows is held out");
            assertTrue(s.samplesPerSecond() > 0);
        }
        assertTrue(Double.isNaN(h.epochs().getFirst().validationMse()), "no MSE for classification");
    }

    @Test
    void aGivenValidationSetIsWhatTheLastEpochReports() {
        Dataset val = ParallelTrainerTest.blobs(100, 40, 5, 21);
        Network n = net();
        History h = Trainer.builder().epochs(2).validation(val).build().fit(n, blobs());
        Evaluation e = Metrics.evaluate(n, val);
        assertEquals(e.loss(), h.epochs().getLast().validationLoss(), 1e-12);
        assertEquals(e.accuracy(), h.epochs().getLast().validationAccuracy(), 1e-12);
        assertEquals(Metrics.accuracy(n, val), e.accuracy(), 1e-12);
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        // a learning rate so high that the validation loss gets worse soon
        Dataset val = ParallelTrainerTest.blobs(100, 40, 5, 22);
        Network n = net();
        History h = Trainer.builder().epochs(40).batchSize(16).optimizer(new Optimizer.Momentum(0.3f, 0.9f, false))
                .validation(val).earlyStopping(new EarlyStopping(2, 0, true)).build().fit(n, blobs());
        assertTrue(h.stoppedEarly(), "stopped: " + h.epochs().size() + " epochs");
        assertTrue(h.stopReason().contains("validation loss did not improve"), h.stopReason());
        assertEquals(h.bestEpoch() + 2, h.epochs().size(), "patience 2 after the best epoch");
        double best = h.epochs().get(h.bestEpoch() - 1).validationLoss();
        assertEquals(best, Metrics.evaluate(n, val).loss(), 1e-12, "the best epoch's weights are back");
    }

    @Test
    void earlyStoppingWithoutValidationWatchesTheTrainingLoss() {
        History h = Trainer.builder().epochs(50).earlyStopping(new EarlyStopping(1, 10, false)).build()
                .fit(net(), blobs());
        assertEquals(2, h.epochs().size(), "no epoch improves by 10, so it stops after patience 1");
        assertTrue(h.stopReason().contains("training loss"), h.stopReason());
    }

    @Test
    void regressionReportsMseAndMae() {
        int rows = 64;
        float[] x = new float[rows];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = i / (float) rows;
            y[i] = 2 * x[i] + 1;
        }
        Dataset line = Dataset.regression(x, rows, 1, y, 1);
        Network n = Network.builder().input(1).dense(1, Activation.IDENTITY).loss(Loss.MEAN_SQUARED_ERROR)
                .kernels(SCALAR).build();
        History h = Trainer.builder().epochs(300).batchSize(16).optimizer(new Optimizer.Sgd(0.3f)).validation(line)
                .build().fit(n, line);
        EpochStats last = h.epochs().getLast();
        assertTrue(last.validationMse() < 1e-4 && last.validationMae() < 1e-2 && last.mae() < 1e-2, last.toString());
        assertEquals(last.validationLoss(), last.validationMse(), 1e-9, "the loss is the MSE");
        assertTrue(Double.isNaN(last.accuracy()));
    }

    @Test
    void batchListenersSeeEveryStep() {
        List<BatchStats> batches = new ArrayList<>();
        Trainer.builder().epochs(2).batchSize(64).onBatch(batches::add).build().fit(net(), blobs());
        assertEquals(2 * 7, batches.size(), "400 rows in batches of 64: 7 per epoch");
        assertEquals(400 - 6 * 64, batches.get(6).rows());
        assertEquals(2, batches.getLast().epoch());
        assertEquals(7, batches.getLast().batch());
    }

    // ---------------------------------------------------------------- divergence and validation of settings

    @Test
    void aNonFiniteLossStopsWithTheEpochAndBatchAndKeepsTheLastGoodWeights() {
        float[] x = new float[40 * 8];
        x[40 * 5] = Float.NaN;   // row 5 poisons the third batch of 2 rows when not shuffled
        Dataset poisoned = Dataset.classification(x, 8, 40, new int[8]);
        Network n = net();
        List<float[]> afterEachStep = new ArrayList<>();
        var e = assertThrows(TrainingDivergedException.class, () -> Trainer.builder().epochs(2).batchSize(2)
                .shuffle(false).onBatch(b -> afterEachStep.add(n.parameters().clone())).build().fit(n, poisoned));
        assertTrue(e.getMessage().contains("epoch 1, batch 3"), e.getMessage());
        assertEquals(1, e.epoch());
        assertEquals(3, e.batch());
        assertArrayEquals(afterEachStep.getLast(), n.parameters(), "the weights after batch 2");
        assertTrue(e.history().epochs().isEmpty());
    }

    @Test
    void theParallelTrainerStopsOnDivergenceToo() {
        float[] x = new float[40 * 8];
        x[40 * 7] = Float.POSITIVE_INFINITY;
        Dataset poisoned = Dataset.classification(x, 8, 40, new int[8]);
        Network n = net();
        float[] before = n.parameters().clone();
        try (ParallelTrainer t = ParallelTrainer.builder().threads(2).shards(4).batchSize(8).build()) {
            var e = assertThrows(TrainingDivergedException.class, () -> t.fit(n, poisoned));
            assertTrue(e.getMessage().contains("epoch 1, batch 1"), e.getMessage());
        }
        assertArrayEquals(before, n.parameters());
    }

    @Test
    void settingsAreCheckedWhenMadeWithMessagesThatSayWhatIsWrong() {
        assertMessage("momentum must be in (0, 1), got 1.5", () -> new Optimizer.Momentum(0.1f, 1.5f, false));
        assertMessage("beta2 must be in [0, 1), got 1.0", () -> new Optimizer.Adam(0.1f, 0.9f, 1f, 1e-8f));
        assertMessage("epsilon must be a positive finite number, got 0.0", () -> new Optimizer.Adam(0.1f, 0.9f, 0.99f, 0f));
        assertMessage("weight decay must be a finite number ≥ 0, got -1.0", () -> new Optimizer.AdamW(0.1f, -1f));
        assertMessage("learning rate must be a positive finite number, got Infinity",
                () -> new Optimizer.Adam(Float.POSITIVE_INFINITY));
        assertMessage("unknown optimizer 'rmsprop'; expected one of: sgd, momentum, nesterov, adam, adamw",
                () -> Optimizer.named("rmsprop", 0.1f));
        assertMessage("a step schedule's factor gamma must be in (0, 1], got 2.0", () -> LearningRateSchedule.step(2, 2));
        assertMessage("a cosine schedule's floor must be in [0, 1), got 1.0", () -> LearningRateSchedule.cosine(1));
        assertMessage("L2 factor must be a finite number ≥ 0, got -0.1", () -> Trainer.builder().l2(-0.1f));
        assertMessage("the gradient clipping norm must be positive, got 0.0", () -> Trainer.builder().clipNorm(0));
        assertMessage("validation split must be in [0, 1), got 1.0", () -> Trainer.builder().validationSplit(1));
        assertMessage("shards must be in [1, 1024], got 0", () -> ParallelTrainer.builder().shards(0));
        assertMessage("threads must be in [1, 32767], got 0", () -> ParallelTrainer.builder().threads(0));
        assertMessage("early stopping patience must be at least 1 epoch, got 0", () -> new EarlyStopping(0, 0, true));
        assertMessage("give either a validation split or a validation set, not both",
                () -> Trainer.builder().validationSplit(0.1).validation(blobs()));
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable action) {
        var e = assertThrows(IllegalArgumentException.class, action);
        assertEquals(message, e.getMessage());
    }

    @Test
    void aFullRunEndsWithoutAStopReason() {
        History h = Trainer.builder().epochs(2).build().fit(net(), blobs());
        assertNull(h.stopReason());
        assertFalse(h.stoppedEarly());
        assertSame(2, h.epochs().size());
    }
}
