package vmlp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vmlp.kernel.Kernels;
import vmlp.kernel.KernelsProvider;

/**
 * Backpropagation checked against central finite differences of an independent double-precision
 * forward pass ({@link DoubleReference}), for every hidden activation with every output
 * activation and loss that belong together, on both kernel implementations.
 */
class BackpropagationTest {

    private static final int ROWS = 5;
    private static final int INPUTS = 4;
    private static final int HIDDEN = 6;

    static Stream<Arguments> networks() {
        List<Activation> hidden = List.of(Activation.IDENTITY, Activation.SIGMOID, Activation.TANH,
                Activation.RELU, Activation.leakyRelu(0.1f));
        record Head(Activation output, int units, Loss loss) {}
        List<Head> heads = List.of(
                new Head(Activation.SOFTMAX, 3, Loss.SOFTMAX_CROSS_ENTROPY),
                new Head(Activation.SIGMOID, 1, Loss.BINARY_CROSS_ENTROPY),
                new Head(Activation.SIGMOID, 2, Loss.BINARY_CROSS_ENTROPY),
                new Head(Activation.IDENTITY, 2, Loss.MEAN_SQUARED_ERROR),
                new Head(Activation.SIGMOID, 2, Loss.MEAN_SQUARED_ERROR),
                new Head(Activation.TANH, 2, Loss.MEAN_SQUARED_ERROR),
                new Head(Activation.RELU, 2, Loss.MEAN_SQUARED_ERROR),
                new Head(Activation.leakyRelu(0.2f), 2, Loss.MEAN_SQUARED_ERROR),
                new Head(Activation.SOFTMAX, 3, Loss.MEAN_SQUARED_ERROR));
        List<Arguments> cases = new ArrayList<>();
        for (String kernels : List.of("scalar", "vector")) {
            for (Activation h : hidden) {
                for (Head head : heads) {
                    cases.add(Arguments.of(kernels, h, head.output(), head.units(), head.loss()));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} hidden, {2} x{3} output, {4}")
    @MethodSource("networks")
    void analyticGradientsEqualCentralFiniteDifferences(String kernelName, Activation hidden,
                                                        Activation output, int outputs, Loss loss) {
        Kernels kernels = kernelName.equals("scalar") ? KernelsProvider.scalar() : KernelsProvider.vector();
        Network net = Network.builder().input(INPUTS).dense(HIDDEN, hidden).dense(HIDDEN - 1, hidden)
                .dense(outputs, output).loss(loss).seed(11).kernels(kernels).build();
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[ROWS * INPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * random.nextDouble() - 1);
        }
        // biases away from 0 so that no ReLU sits on its kink, where the derivative is undefined
        for (Dense layer : net.layers()) {
            for (int o = 0; o < layer.outputs(); o++) {
                net.parameters()[layer.biasOffset() + o] = (float) (0.3 * (2 * random.nextDouble() - 1));
            }
        }
        net.parametersChanged();
        float[] y = targets(loss, outputs, random);

        float[] grads = new float[net.parameterCount()];
        double total = net.gradient(net.newWorkspace(ROWS), x, 0, y, ROWS, 1f / ROWS, grads);

        double[] params = DoubleReference.toDouble(net.parameters());
        assertEquals(DoubleReference.loss(net, params, x, y, ROWS), total / ROWS, 1e-5,
                "the loss the network reports");
        double h = 1e-6;
        for (int p = 0; p < params.length; p++) {
            double saved = params[p];
            params[p] = saved + h;
            double plus = DoubleReference.loss(net, params, x, y, ROWS);
            params[p] = saved - h;
            double minus = DoubleReference.loss(net, params, x, y, ROWS);
            params[p] = saved;
            double numeric = (plus - minus) / (2 * h);
            double tolerance = 2e-4 + 2e-3 * Math.abs(numeric);
            assertEquals(numeric, grads[p], tolerance, "∂L/∂θ[" + p + "] of " + net);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelNames")
    void forwardPassEqualsTheEquationsInDouble(String kernelName) {
        Kernels kernels = kernelName.equals("scalar") ? KernelsProvider.scalar() : KernelsProvider.vector();
        Network net = Network.builder().input(7).dense(9, Activation.TANH).dense(4, Activation.SOFTMAX)
                .seed(3).kernels(kernels).build();
        SplittableRandom random = new SplittableRandom(9);
        float[] x = new float[13 * 7];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] predicted = net.predict(x, 13);
        double[] expected = DoubleReference.predict(net, DoubleReference.toDouble(net.parameters()), x, 13);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], predicted[i], 1e-5, "prediction " + i);
        }
        assertTrue(predicted[0] > 0f, "softmax outputs are positive");
    }

    static Stream<String> kernelNames() {
        return Stream.of("scalar", "vector");
    }

    private static float[] targets(Loss loss, int outputs, SplittableRandom random) {
        float[] y = new float[ROWS * outputs];
        for (int r = 0; r < ROWS; r++) {
            switch (loss) {
                case Loss.SoftmaxCrossEntropy ce -> y[r * outputs + random.nextInt(outputs)] = 1f;
                case Loss.BinaryCrossEntropy bce -> {
                    for (int j = 0; j < outputs; j++) {
                        y[r * outputs + j] = random.nextInt(2);
                    }
                }
                case Loss.MeanSquaredError mse -> {
                    for (int j = 0; j < outputs; j++) {
                        y[r * outputs + j] = (float) random.nextGaussian();
                    }
                }
            }
        }
        return y;
    }
}
