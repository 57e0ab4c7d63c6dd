package vmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import vmlp.kernel.Kernels;
import vmlp.kernel.KernelsProvider;

/** The updaters run the optimiser kernels: both kernel sets against double references, and chunking. */
class OptimizerKernelsTest {

    private static final Kernels SCALAR = KernelsProvider.scalar();
    private static final Kernels VECTOR = KernelsProvider.vector();
    private static final String[] NAMES = {"sgd", "momentum", "nesterov", "adam", "adamw"};

    /** 3 steps over 37 parameters (a vector body and a tail), against the rules in double. */
    @Test
    void bothKernelSetsFollowTheFormulasInDoublePrecision() {
        int n = 37;
        int steps = 3;
        Random random = new Random(11);
        float[][] grads = new float[steps][n];
        float[] start = new float[n];
        for (int i = 0; i < n; i++) {
            start[i] = (float) random.nextGaussian();
            for (int t = 0; t < steps; t++) {
                grads[t][i] = (float) random.nextGaussian();
            }
        }
        for (String name : NAMES) {
            double lr = 0.05;
            double[] expected = reference(name, start, grads, lr);
            for (Kernels kernels : new Kernels[] {SCALAR, VECTOR}) {
                Optimizer o = Optimizer.named(name, (float) lr);
                Optimizer.Updater u = o.start(n);
                float[] p = start.clone();
                for (float[] g : grads) {
                    u.step(kernels, p, g, o.learningRate());
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(expected[i], p[i], 2e-6, name + " with " + kernels.getClass().getSimpleName()
                            + ", parameter " + i);
                }
            }
        }
    }

    private static double[] reference(String name, float[] start, float[][] grads, double lr) {
        int n = start.length;
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) {
            double p = start[i];
            double v = 0;
            double m = 0;
            for (int t = 1; t <= grads.length; t++) {
                double g = grads[t - 1][i];
                switch (name) {
                    case "sgd" -> p -= lr * g;
                    case "momentum" -> {
                        v = 0.9 * v + g;
                        p -= lr * v;
                    }
                    case "nesterov" -> {
                        v = 0.9 * v + g;
                        p -= lr * (g + 0.9 * v);
                    }
                    default -> {
                        if (name.equals("adamw")) {
                            p *= 1 - lr * 0.01;
                        }
                        m = 0.9 * m + 0.1 * g;
                        v = 0.999 * v + 0.001 * g * g;
                        double mHat = m / (1 - Math.pow(0.9, t));
                        double vHat = v / (1 - Math.pow(0.999, t));
                        p -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                    }
                }
            }
            theta[i] = p;
        }
        return theta;
    }

    /** Ranges of a multiple of 64 parameters give the same bits as one whole update, with either kernel set. */
    @Test
    void chunkedUpdatesEqualOneWholeUpdate() {
        int n = 64 * 5 + 13;
        Random random = new Random(5);
        float[] start = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            start[i] = (float) random.nextGaussian();
            g[i] = (float) random.nextGaussian();
        }
        for (Kernels kernels : new Kernels[] {SCALAR, VECTOR}) {
            for (String name : NAMES) {
                Optimizer o = Optimizer.named(name, 0.01f);
                Optimizer.Updater whole = o.start(n);
                Optimizer.Updater chunked = o.start(n);
                float[] a = start.clone();
                float[] b = start.clone();
                for (int step = 0; step < 3; step++) {
                    whole.step(kernels, a, g, 0.01f);
                    chunked.beginStep();
                    for (int from = 0; from < n; from += 128) {
                        chunked.update(kernels, b, g, 0.01f, from, Math.min(n, from + 128));
                    }
                }
                assertArrayEquals(a, b, name + " with " + kernels.getClass().getSimpleName());
                for (int k = 0; k < whole.snapshot().arrays().length; k++) {
                    assertArrayEquals(whole.snapshot().arrays()[k], chunked.snapshot().arrays()[k], name + " state " + k);
                }
            }
        }
    }
}
