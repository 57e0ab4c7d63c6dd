package vmlp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vmlp.kernel.Kernels;
import vmlp.kernel.KernelsProvider;

/**
 * A row's prediction must not depend on which other rows share its batch, nor on where in the
 * batch it sits: bit for bit. The embedding server coalesces requests into one batch and promises
 * each caller what its request alone would have produced, and parallel inference splits a batch
 * by rows; both rest on this property of the kernels.
 *
 * <p>Both kernel sets have it for every shape: each layer's forward product takes one path for
 * every batch size (the vector kernels read packed weights, and rows that do not fill a row tile
 * run alone through the same chain of FMAs), and every tile, tail and activation computes an element
 * the same way. The networks below have layers on the packed path (at least one vector of outputs
 * and 32 inputs) and layers on the dot-product path.
 */
class RowInvarianceTest {

    static Stream<String> kernels() {
        return Stream.of("scalar", "vector");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void aRowsOutputIsTheSameBitsAloneAndInAnyBatch(String name) {
        Kernels kernels = name.equals("scalar") ? KernelsProvider.scalar() : KernelsProvider.vector();
        for (List<Activation> acts : List.of(
                List.of(Activation.TANH, Activation.SIGMOID, Activation.SOFTMAX),
                List.of(Activation.RELU, Activation.leakyRelu(0.1f), Activation.IDENTITY))) {
            Network net = Network.builder().input(47).dense(40, acts.get(0)).dense(33, acts.get(1))
                    .dense(acts.get(2) instanceof Activation.Softmax ? 5 : 3, acts.get(2))
                    .loss(acts.get(2) instanceof Activation.Softmax ? Loss.SOFTMAX_CROSS_ENTROPY
                            : Loss.MEAN_SQUARED_ERROR)
                    .seed(8).kernels(kernels).build();
            int rows = 67;
            float[] x = new float[rows * net.inputs()];
            SplittableRandom random = new SplittableRandom(2);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            float[] batch = net.predict(x, rows);
            int out = net.outputs();
            Workspace ws = net.newWorkspace(rows);
            for (int[] window : new int[][] {{0, 1}, {5, 1}, {66, 1}, {3, 2}, {7, 13}, {1, 33}, {30, 37}}) {
                int from = window[0];
                int count = window[1];
                float[] part = net.forward(ws, x, from * net.inputs(), count);
                for (int i = 0; i < count * out; i++) {
                    assertEquals(Float.floatToRawIntBits(batch[from * out + i]), Float.floatToRawIntBits(part[i]),
                            () -> name + " " + net + ": rows " + from + "+" + count + " differ from the full batch");
                }
            }
        }
    }
}
