package vmlp.kernel;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Chooses the {@link Kernels} implementation once per JVM, and says why.
 *
 * <p>The vector kernels are chosen when the {@code jdk.incubator.vector} module is readable (the JVM
 * was started with {@code --add-modules jdk.incubator.vector}) and the preferred species is at least
 * 128 bits wide; otherwise the scalar kernels are. The system property
 * {@code -Dvmlp.kernels=scalar|vector} forces one (for tests and benchmarks); forcing {@code vector}
 * where it cannot run is an error rather than a silent fallback.
 */
public final class KernelsProvider {

    /** The system property that forces an implementation. */
    public static final String PROPERTY = "vmlp.kernels";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final int MIN_VECTOR_BITS = 128;

    private static final Choice CHOICE = choose(System.getProperty(PROPERTY));

    /** The chosen implementation and the reason it was chosen. */
    public record Choice(Kernels kernels, String reason) {}

    private KernelsProvider() {}

    /** The kernels chosen for this JVM. */
    public static Kernels get() {
        return CHOICE.kernels();
    }

    /** Which kernels were chosen and why, in one line, for logs and the CLI. */
    public static String describe() {
        return CHOICE.kernels().name() + " (" + CHOICE.reason() + ")";
    }

    /** The scalar kernels, whatever was chosen (the baseline for benchmarks and tests). */
    public static Kernels scalar() {
        return new ScalarKernels();
    }

    /**
     * The vector kernels, whatever was chosen.
     *
     * @throws IllegalStateException naming the cause when the vector module is not available
     */
    public static Kernels vector() {
        String missing = vectorUnavailableReason();
        if (missing != null) {
            throw new IllegalStateException("vector kernels unavailable: " + missing);
        }
        return loadVectorKernels();
    }

    static Choice choose(String forced) {
        Choice choice = switch (forced == null ? "" : forced.trim().toLowerCase(Locale.ROOT)) {
            case "" -> auto();
            case "scalar" -> new Choice(scalar(), "forced by -D" + PROPERTY + "=scalar");
            case "vector" -> new Choice(vector(), "forced by -D" + PROPERTY + "=vector; " + vectorDescription());
            default -> throw new IllegalArgumentException(
                    "-D" + PROPERTY + "=" + forced + " is not one of: scalar, vector");
        };
        System.getLogger(KernelsProvider.class.getName()).log(
                choice.kernels() instanceof ScalarKernels && forced == null ? Level.WARNING : Level.DEBUG,
                "vmlp kernels: {0} ({1})", choice.kernels().name(), choice.reason());
        return choice;
    }

    private static Choice auto() {
        String missing = vectorUnavailableReason();
        if (missing != null) {
            return new Choice(scalar(), missing);
        }
        return new Choice(loadVectorKernels(), vectorDescription());
    }

    /** Null when the vector kernels can run, else why not. */
    private static String vectorUnavailableReason() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return "module " + VECTOR_MODULE + " is not readable; start java with --add-modules "
                    + VECTOR_MODULE;
        }
        int bits = VectorKernels.preferredBits();
        if (bits < MIN_VECTOR_BITS) {
            return "preferred vector species is " + bits + " bits, below " + MIN_VECTOR_BITS;
        }
        return null;
    }

    private static String vectorDescription() {
        return "preferred species " + VectorKernels.preferredBits() + "-bit, "
                + VectorKernels.preferredLanes() + " float lanes";
    }

    private static Kernels loadVectorKernels() {
        return new VectorKernels();
    }
}
