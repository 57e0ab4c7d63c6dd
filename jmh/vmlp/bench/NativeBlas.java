package vmlp.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * OpenBLAS's {@code cblas_sgemm} and {@code cblas_sgemv}, called through the FFM API
 * ({@code java.lang.foreign}): the native reference of every benchmark.
 *
 * <p>The library is looked up under its usual names (Debian's {@code libopenblas0} installs
 * {@code libopenblas.so.0}); when none loads, {@link #available()} is false and
 * {@link #unavailableReason()} says why, and the benchmarks leave the native variant out. The
 * downcalls are {@link Linker.Option#critical(boolean) critical} with heap access allowed, so the
 * Java {@code float[]} are passed in place: no copy, as a fair comparison needs. OpenBLAS is pinned
 * to one thread ({@code openblas_set_num_threads(1)}, and {@code jmh/run} exports
 * {@code OPENBLAS_NUM_THREADS=1}). The forks need {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class NativeBlas {

    static final int ROW_MAJOR = 101;
    static final int NO_TRANS = 111;
    static final int TRANS = 112;

    /** Names tried in order: OpenBLAS first, then a generic CBLAS (which may be the reference BLAS). */
    static final List<String> LIBRARY_NAMES = List.of(
            "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libcblas.so.3", "libblas.so.3");

    private static final MethodHandle SGEMM;
    private static final MethodHandle SGEMV;
    private static final String LIBRARY;
    private static final String REASON;

    static {
        MethodHandle sgemm = null;
        MethodHandle sgemv = null;
        String library = null;
        String reason = null;
        try {
            Linker linker = Linker.nativeLinker();
            Optional<SymbolLookup> found = Optional.empty();
            StringBuilder tried = new StringBuilder();
            for (String name : LIBRARY_NAMES) {
                try {
                    SymbolLookup lookup = SymbolLookup.libraryLookup(name, Arena.global());
                    if (lookup.find("cblas_sgemm").isPresent()) {
                        found = Optional.of(lookup);
                        library = name;
                        break;
                    }
                    tried.append(name).append(" (no cblas_sgemm) ");
                } catch (IllegalArgumentException notThere) {
                    tried.append(name).append(' ');
                }
            }
            if (found.isEmpty()) {
                reason = "no CBLAS library found (tried " + tried.toString().trim()
                        + "); on Debian: apt-get install libopenblas0";
            } else {
                SymbolLookup lookup = found.get();
                Linker.Option critical = Linker.Option.critical(true);
                ValueLayout.OfInt i = ValueLayout.JAVA_INT;
                ValueLayout.OfFloat f = ValueLayout.JAVA_FLOAT;
                ValueLayout p = ValueLayout.ADDRESS;
                sgemm = linker.downcallHandle(lookup.find("cblas_sgemm").orElseThrow(),
                        FunctionDescriptor.ofVoid(i, i, i, i, i, i, f, p, i, p, i, f, p, i), critical);
                sgemv = linker.downcallHandle(lookup.find("cblas_sgemv").orElseThrow(),
                        FunctionDescriptor.ofVoid(i, i, i, i, f, p, i, p, i, f, p, i), critical);
                Optional<MemorySegment> threads = lookup.find("openblas_set_num_threads");
                if (threads.isPresent()) {
                    linker.downcallHandle(threads.get(), FunctionDescriptor.ofVoid(i)).invokeExact(1);
                }
            }
        } catch (Throwable t) {
            sgemm = null;
            sgemv = null;
            reason = "native BLAS could not be linked: " + t
                    + " (the JVM needs --enable-native-access=ALL-UNNAMED)";
        }
        SGEMM = sgemm;
        SGEMV = sgemv;
        LIBRARY = library;
        REASON = reason;
    }

    private NativeBlas() {}

    /** Whether the native calls can be made. */
    public static boolean available() {
        return SGEMM != null;
    }

    /** Null when {@link #available()}, else one line saying why not. */
    public static String unavailableReason() {
        return REASON;
    }

    /** The library name that was loaded, or null. */
    public static String library() {
        return LIBRARY;
    }

    /**
     * {@code C[m×n] = beta·C + op(A)·op(B)}, row-major, with A, B and C at element offsets: the same
     * arguments as {@link vmlp.kernel.Kernels}'s GEMMs.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        try {
            SGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS,
                    m, n, k, 1f, at(a, aOff), lda, at(b, bOff), ldb, beta, at(c, cOff), ldc);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed", t);
        }
    }

    /** {@code y[m] = beta·y + A[m×n]·x}. */
    public static void sgemv(int m, int n, float[] a, int aOff, float[] x, int xOff,
                             float beta, float[] y, int yOff) {
        try {
            SGEMV.invokeExact(ROW_MAJOR, NO_TRANS, m, n, 1f, at(a, aOff), n, at(x, xOff), 1,
                    beta, at(y, yOff), 1);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemv failed", t);
        }
    }

    private static MemorySegment at(float[] array, int offset) {
        MemorySegment whole = MemorySegment.ofArray(array);
        return offset == 0 ? whole : whole.asSlice((long) offset * Float.BYTES);
    }
}
