package vmlp.data;

/**
 * A port of numpy's legacy {@code RandomState}: the same numbers, bit for bit, as
 * {@code np.random.seed(seed)} followed by the same calls.
 *
 * <p>The generator is MT19937 seeded with Matsumoto and Nishimura's {@code init_genrand} (numpy's
 * integer-seed path), with standard tempering. On top of the 32-bit stream:
 * <ul>
 *   <li>{@link #uniform()}: a double in [0, 1) from 53 random bits taken from two draws (27 + 26);</li>
 *   <li>{@link #standardNormal()}: Marsaglia's polar method, which makes two normals from one
 *       accepted pair and keeps the second for the next call (numpy's {@code legacy_gauss});</li>
 *   <li>{@link #randomInterval(long)}: an integer in [0, max] by masked rejection, the primitive
 *       under {@link #randint(int)}, {@link #shuffle(int[])} and {@link #permutation(int)}.</li>
 * </ul>
 * The logarithm in the polar method is {@link PreciseLog}, correctly rounded, so that a given seed gives the same
 * numbers on every JVM and platform.
 *
 * <p>Not thread-safe: give each thread its own instance.
 */
public final class LegacyRandom {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int index;
    private boolean hasGauss;
    private double gauss;

    /**
     * A generator in the state {@code np.random.seed(seed)} leaves.
     *
     * @param seed in [0, 2<sup>32</sup>), the range numpy accepts
     * @throws IllegalArgumentException for a seed outside that range
     */
    public LegacyRandom(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1 (as numpy requires), got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            // init_genrand: Knuth's multiplier, arithmetic modulo 2^32 (int overflow is exactly that)
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next 32 random bits (numpy's {@code next_uint32}), as a Java int. */
    public int next32() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & UPPER_MASK) | (mt[(i + 1) % N] & LOWER_MASK);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        index = 0;
    }

    /** The next 64 random bits: two 32-bit draws, the first in the high half (numpy's {@code next_uint64}). */
    public long next64() {
        long high = next32() & 0xffffffffL;
        long low = next32() & 0xffffffffL;
        return (high << 32) | low;
    }

    /** A double uniform in [0, 1) ({@code random_sample()}, {@code uniform()}). */
    public double uniform() {
        long a = (next32() & 0xffffffffL) >>> 5;
        long b = (next32() & 0xffffffffL) >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code n} successive {@link #uniform()} draws ({@code random_sample(n)}). */
    public double[] uniform(int n) {
        double[] out = new double[checkCount(n)];
        for (int i = 0; i < n; i++) {
            out[i] = uniform();
        }
        return out;
    }

    /** A standard normal ({@code standard_normal()}): Marsaglia's polar method with the cached twin. */
    public double standardNormal() {
        if (hasGauss) {
            hasGauss = false;
            double cached = gauss;
            gauss = 0.0;
            return cached;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * uniform() - 1.0;
            x2 = 2.0 * uniform() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * PreciseLog.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code n} successive {@link #standardNormal()} draws ({@code standard_normal(n)}). */
    public double[] standardNormal(int n) {
        double[] out = new double[checkCount(n)];
        for (int i = 0; i < n; i++) {
            out[i] = standardNormal();
        }
        return out;
    }

    /**
     * An integer uniform in [0, max], inclusive: draws masked to the smallest {@code 2^k - 1 >= max}
     * until one is not above {@code max} (numpy's {@code random_interval}).
     *
     * @throws IllegalArgumentException when {@code max} is negative
     */
    public long randomInterval(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, got " + max);
        }
        if (max == 0) {
            return 0;
        }
        long mask = -1L >>> Long.numberOfLeadingZeros(max);
        long value;
        if (max <= 0xffffffffL) {
            do {
                value = next32() & 0xffffffffL & mask;
            } while (value > max);
        } else {
            do {
                value = next64() & mask;
            } while (value > max);
        }
        return value;
    }

    /**
     * An integer uniform in [0, n) ({@code randint(n)}).
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public int randint(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("randint needs n >= 1, got " + n);
        }
        return (int) randomInterval(n - 1L);
    }

    /** Shuffles {@code values} in place: Fisher–Yates from the last element down, as numpy's {@code shuffle}. */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = (int) randomInterval(i);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** A random permutation of {@code 0 .. n-1} ({@code permutation(n)}: a {@link #shuffle} of the identity). */
    public int[] permutation(int n) {
        int[] out = new int[checkCount(n)];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        shuffle(out);
        return out;
    }

    private static int checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + n);
        }
        return n;
    }
}
