package vmlp.bench;

import vmlp.kernel.Kernels;
import vmlp.kernel.KernelsProvider;

/** The {@code impl} parameter every benchmark takes: scalar, vector or native. */
final class Impl {

    private Impl() {}

    /** The kernels for {@code impl}; native fails loudly here (the suite leaves it out when absent). */
    static Kernels kernels(String impl) {
        return switch (impl) {
            case "scalar" -> KernelsProvider.scalar();
            case "vector" -> KernelsProvider.vector();
            case "native" -> {
                requireNative();
                yield new NativeKernels();
            }
            default -> throw new IllegalArgumentException("impl " + impl + " is not scalar, vector or native");
        };
    }

    static void requireNative() {
        if (!NativeBlas.available()) {
            throw new IllegalStateException("impl=native: " + NativeBlas.unavailableReason());
        }
    }

    static float[] random(java.util.SplittableRandom random, int length) {
        float[] array = new float[length];
        for (int i = 0; i < length; i++) {
            array[i] = (float) random.nextDouble(-1, 1);
        }
        return array;
    }
}
