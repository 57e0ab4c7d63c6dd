package vmlp.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vmlp.kernel.Kernels;
import vmlp.kernel.KernelsProvider;

/**
 * The network's forward passes read each layer's weights from a packed copy: a write into
 * {@link Network#parameters()} takes effect at {@link Network#parametersChanged()}, for every
 * network sharing the parameters, and a fresh copy of the network predicts what a freshly built one
 * does.
 */
class PackedForwardTest {

    static Stream<Kernels> kernels() {
        return Stream.of(KernelsProvider.scalar(), KernelsProvider.vector());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void writesToTheParametersTakeEffectWhenAnnounced(Kernels kernels) {
        Network net = Network.builder().input(40).dense(48, Activation.RELU).dense(3, Activation.IDENTITY)
                .loss(Loss.MEAN_SQUARED_ERROR).seed(4).kernels(kernels).build();
        Network twin = net.withKernels(kernels);
        float[] x = new float[2 * 40];
        Arrays.fill(x, 0.5f);
        float[] before = net.predict(x, 2);
        assertArrayEquals(before, twin.predict(x, 2));

        float[] scaled = net.parameters();
        for (int i = 0; i < net.layers().getFirst().inputs() * net.layers().getFirst().outputs(); i++) {
            scaled[i] *= 2f;   // the first layer's W only
        }
        assertArrayEquals(before, net.predict(x, 2), "not yet announced: the packed copy is still in use");

        net.parametersChanged();
        float[] after = net.predict(x, 2);
        assertFalse(Arrays.equals(before, after), "announced: the doubled weights are used");
        assertArrayEquals(after, twin.predict(x, 2), "a network sharing the parameters sees the change too");
        Network rebuilt = Network.builder().input(40).dense(48, Activation.RELU).dense(3, Activation.IDENTITY)
                .loss(Loss.MEAN_SQUARED_ERROR).kernels(kernels).parameters(scaled.clone()).build();
        assertArrayEquals(rebuilt.predict(x, 2), after, "the same as a network built on those parameters");
        assertArrayEquals(after, net.copy().predict(x, 2), "and as a copy");

        // a range announced and repacked at once, as an optimiser step does chunk by chunk
        int w0 = net.layers().getLast().weightOffset();
        for (int i = w0; i < net.parameterCount(); i++) {
            scaled[i] = -scaled[i];
        }
        net.repack(w0, net.parameterCount());
        net.repackDone();
        float[] flipped = net.predict(x, 2);
        assertArrayEquals(flipped, twin.predict(x, 2), "the twin packs the new weights itself");
        Network rebuiltAgain = Network.builder().input(40).dense(48, Activation.RELU).dense(3, Activation.IDENTITY)
                .loss(Loss.MEAN_SQUARED_ERROR).kernels(kernels).parameters(scaled.clone()).build();
        assertArrayEquals(rebuiltAgain.predict(x, 2), flipped, "the last layer's new weights and biases");
        assertFalse(Arrays.equals(after, flipped));
    }
}
