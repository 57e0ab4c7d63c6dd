package vmlp.nn;

import java.util.SplittableRandom;

/**
 * How a layer's weights start. Biases start at zero.
 *
 * <p>Both schemes keep the variance of the signal roughly constant from layer to layer:
 * Xavier/Glorot (uniform in {@code ±√(6 / (inputs + outputs))}) for sigmoid, tanh and linear
 * layers, He (normal with standard deviation {@code √(2 / inputs)}) for the ReLU family, which
 * zeroes half of its inputs.
 */
public enum Init {
    /** Glorot and Bengio (2010): uniform in ±√(6 / (fan_in + fan_out)). */
    XAVIER {
        @Override
        void fill(float[] w, int off, int inputs, int outputs, SplittableRandom random) {
            double limit = Math.sqrt(6.0 / (inputs + outputs));
            for (int i = 0; i < inputs * outputs; i++) {
                w[off + i] = (float) ((2 * random.nextDouble() - 1) * limit);
            }
        }
    },
    /** He et al. (2015): normal with standard deviation √(2 / fan_in). */
    HE {
        @Override
        void fill(float[] w, int off, int inputs, int outputs, SplittableRandom random) {
            double std = Math.sqrt(2.0 / inputs);
            for (int i = 0; i < inputs * outputs; i++) {
                w[off + i] = (float) (random.nextGaussian() * std);
            }
        }
    };

    /** Fills the {@code outputs × inputs} weights stored from {@code off}. */
    abstract void fill(float[] w, int off, int inputs, int outputs, SplittableRandom random);
}
