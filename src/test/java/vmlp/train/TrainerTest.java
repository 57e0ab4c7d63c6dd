package vmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vmlp.data.Dataset;
import vmlp.nn.Activation;
import vmlp.nn.Loss;
import vmlp.nn.Network;

class TrainerTest {

    /** XOR: not linearly separable, so it needs the hidden layer and working backpropagation. */
    private static Dataset xor() {
        return Dataset.classification(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2, new int[] {0, 1, 1, 0});
    }

    @Test
    void fullBatchGradientDescentLearnsXor() {
        Network net = Network.builder().input(2).dense(8, Activation.TANH).dense(1, Activation.SIGMOID)
                .seed(1).build();
        History history = Trainer.builder().epochs(2000).batchSize(Integer.MAX_VALUE)
                .optimizer(new Optimizer.Sgd(0.5f)).build().fit(net, xor());
        assertEquals(1.0, Metrics.accuracy(net, xor()));
        assertTrue(history.finalLoss() < 0.1 * history.losses()[0],
                "loss fell from " + history.losses()[0] + " to " + history.finalLoss());
    }

    @Test
    void softmaxClassifierLearnsXorWithMiniBatches() {
        Network net = Network.builder().input(2).dense(8, Activation.RELU).dense(2, Activation.SOFTMAX)
                .seed(2).build();
        Trainer.builder().epochs(800).batchSize(2).optimizer(new Optimizer.Sgd(0.1f)).seed(3).build()
                .fit(net, xor());
        assertEquals(1.0, Metrics.accuracy(net, xor()));
    }

    @Test
    void regressionFitsALine() {
        int n = 32;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i / (float) n;
            y[i] = 3 * x[i] - 1;
        }
        Network net = Network.builder().input(1).dense(1, Activation.IDENTITY).loss(Loss.MEAN_SQUARED_ERROR)
                .seed(4).build();
        History h = Trainer.builder().epochs(500).batchSize(8).optimizer(new Optimizer.Sgd(0.2f)).build()
                .fit(net, Dataset.regression(x, n, 1, y, 1));
        assertTrue(h.finalLoss() < 1e-4, "final MSE " + h.finalLoss());
        assertEquals(3f, net.parameters()[0], 0.02f, "slope");
        assertEquals(-1f, net.parameters()[1], 0.02f, "intercept");
    }

    @Test
    void theSameSeedGivesTheSameWeightsBitForBit() {
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            Network net = Network.builder().input(2).dense(5, Activation.SIGMOID).dense(1, Activation.SIGMOID)
                    .seed(9).build();
            Trainer.builder().epochs(20).batchSize(3).seed(42).optimizer(new Optimizer.Sgd(0.3f)).build()
                    .fit(net, xor());
            weights[run] = net.parameters();
        }
        assertArrayEquals(weights[0], weights[1]);
    }

    @Test
    void aDifferentShuffleSeedGivesDifferentWeights() {
        List<float[]> weights = new ArrayList<>();
        for (long seed : new long[] {1, 2}) {
            Network net = Network.builder().input(2).dense(5, Activation.SIGMOID).dense(1, Activation.SIGMOID)
                    .seed(9).build();
            Trainer.builder().epochs(5).batchSize(1).seed(seed).build().fit(net, xor());
            weights.add(net.parameters());
        }
        assertFalse(java.util.Arrays.equals(weights.get(0), weights.get(1)));
    }

    @Test
    void listenersSeeEveryEpochInOrder() {
        List<Integer> seen = new ArrayList<>();
        Network net = Network.builder().input(2).dense(1, Activation.SIGMOID).build();
        History h = Trainer.builder().epochs(7).onEpoch(s -> seen.add(s.epoch())).build().fit(net, xor());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), seen);
        assertEquals(7, h.epochs().size());
        assertTrue(h.epochs().getFirst().samplesPerSecond() > 0);
    }

    @Test
    void dataOfTheWrongWidthIsRefusedNamingBothShapes() {
        Network net = Network.builder().input(3).dense(1, Activation.SIGMOID).build();
        var e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder().build().fit(net, xor()));
        assertTrue(e.getMessage().contains("2 features per row") && e.getMessage().contains("expects 3 inputs"),
                e.getMessage());
    }

    @Test
    void moreClassesThanOutputsIsRefused() {
        Dataset three = Dataset.classification(new float[] {0, 1, 2}, 3, 1, new int[] {0, 1, 2});
        Network net = Network.builder().input(1).dense(1, Activation.SIGMOID).build();
        var e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder().build().fit(net, three));
        assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
    }

    @Test
    void divergenceStopsWithTheEpochAndBatch() {
        Dataset big = Dataset.regression(new float[] {1e30f, -1e30f}, 2, 1, new float[] {1, 2}, 1);
        Network net = Network.builder().input(1).dense(1, Activation.IDENTITY).loss(Loss.MEAN_SQUARED_ERROR)
                .build();
        float[] before = net.parameters().clone();
        var e = assertThrows(ArithmeticException.class,
                () -> Trainer.builder().epochs(3).batchSize(1).shuffle(false).build().fit(net, big));
        // the loss of batch 1 is finite in double, but its weight gradient (2e30 · 1e30) overflows
        // float: the gradient check stops there, before the step, so the weights stay as they were
        assertTrue(e.getMessage().contains("epoch 1, batch 1"), e.getMessage());
        assertArrayEquals(before, net.parameters());
    }

    @Test
    void hyperParametersAreCheckedWhenSet() {
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().epochs(0));
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().batchSize(0));
        var e = assertThrows(IllegalArgumentException.class, () -> new Optimizer.Sgd(-0.1f));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Optimizer.Sgd(Float.NaN));
    }
}
