package vmlp.data;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A port of scikit-learn 1.2.1's {@code make_classification}: a random classification problem
 * whose classes are Gaussian clusters on the vertices of a hypercube, with the same numbers as
 * sklearn for the same parameters and seed (see below for the one caveat).
 *
 * <p>Each class is made of {@code nClustersPerClass} clusters. The centres sit on distinct vertices
 * of a hypercube of side {@code 2·classSep} in the space of the {@code nInformative} features; each
 * cluster is a standard normal cloud multiplied by a random {@code d × d} matrix (a random
 * covariance) and moved to its vertex. The {@code nRedundant} features are random linear
 * combinations of the informative ones, the {@code nRepeated} features copies of informative or
 * redundant ones, the rest pure noise. A fraction {@code flipY} of the labels is then replaced by a
 * random class, the features are shifted and scaled, and rows and columns are shuffled.
 *
 * <pre>{@code
 * var data = MakeClassification.builder()
 *         .nSamples(10).nFeatures(4).nClasses(2).nClustersPerClass(1)
 *         .seed(42)
 *         .generate();
 * }</pre>
 *
 * <p>The random numbers come from {@link LegacyRandom} (numpy's legacy {@code RandomState}, which is
 * what {@code random_state=seed} gives), drawn in sklearn's order, and the matrix products
 * accumulate with {@link Math#fma} in the order OpenBLAS uses for small products. The blog's toy
 * call and the tests' other small cases are equal bit for bit; in general, two things can make a
 * feature differ from sklearn's in its last bits (labels are unaffected unless a flip depends on
 * it, which it does not: flips come from uniforms alone):
 * <ul>
 *   <li>numpy's normals use glibc's {@code log}, which is not correctly rounded for about 1 input in
 *       1,300; ours ({@link PreciseLog}) is, and gives the same bits on every platform;</li>
 *   <li>numpy hands {@code X·A} and {@code X·B} to OpenBLAS, whose kernels sum in an order that
 *       depends on the shape (a plain fma chain for the small shapes tested; gemv, used when there is
 *       one redundant feature or a one-row cluster, and larger gemm shapes such as 12 × 31 · 31 × 2,
 *       sum otherwise).</li>
 * </ul>
 * The differences are a few units in the last place (more where a sum cancels).
 *
 * <p>The defaults are sklearn's: 100 samples, 20 features, 2 informative, 2 redundant, 0 repeated,
 * 2 classes, 2 clusters per class, equal weights, {@code flipY = 0.01}, {@code classSep = 1},
 * hypercube, shift 0, scale 1, shuffled, seed 0 (sklearn's default is an unseeded generator).
 */
public final class MakeClassification {

    private final int nSamples;
    private final int nFeatures;
    private final int nInformative;
    private final int nRedundant;
    private final int nRepeated;
    private final int nClasses;
    private final int nClustersPerClass;
    private final double[] weights;
    private final double flipY;
    private final double classSep;
    private final boolean hypercube;
    private final double[] shift;
    private final double[] scale;
    private final boolean shuffle;
    private final long seed;

    private MakeClassification(Builder b) {
        this.nSamples = b.nSamples;
        this.nFeatures = b.nFeatures;
        this.nInformative = b.nInformative;
        this.nRedundant = b.nRedundant;
        this.nRepeated = b.nRepeated;
        this.nClasses = b.nClasses;
        this.nClustersPerClass = b.nClustersPerClass;
        this.weights = b.weights == null ? null : b.weights.clone();
        this.flipY = b.flipY;
        this.classSep = b.classSep;
        this.hypercube = b.hypercube;
        this.shift = b.shift == null ? null : b.shift.clone();
        this.scale = b.scale == null ? null : b.scale.clone();
        this.shuffle = b.shuffle;
        this.seed = b.seed;
    }

    /** A builder with sklearn's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The generated problem: {@code rows × cols} features, row-major, in double precision as sklearn
     * makes them, and one label in {@code [0, classes)} per row.
     */
    public record Result(double[] features, int rows, int cols, int[] labels, int classes) {

        /** The feature in row {@code row}, column {@code col}. */
        public double feature(int row, int col) {
            return features[Objects.checkIndex(row, rows) * cols + Objects.checkIndex(col, cols)];
        }

        /** A classification {@link Dataset} with the features rounded to float. */
        public Dataset toDataset() {
            float[] x = new float[features.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) features[i];
            }
            return Dataset.classification(x, rows, cols, labels.clone());
        }

        @Override
        public String toString() {
            return "MakeClassification.Result[" + rows + " × " + cols + ", " + classes + " classes]";
        }
    }

    /** Generates the problem; the same parameters always give the same result. */
    public Result generate() {
        LegacyRandom rng = new LegacyRandom(seed);
        int d = nInformative;
        int nUseless = nFeatures - nInformative - nRedundant - nRepeated;
        int nClusters = nClasses * nClustersPerClass;
        int cols = nFeatures;

        int[] perCluster = samplesPerCluster(classWeights());

        // centroids: distinct vertices of the hypercube, coordinates ±classSep
        int[][] bits = hypercubeVertices(nClusters, d, rng);
        double[][] centroids = new double[nClusters][d];
        for (int k = 0; k < nClusters; k++) {
            for (int j = 0; j < d; j++) {
                centroids[k][j] = bits[k][j] * (2 * classSep) - classSep;
            }
        }
        if (!hypercube) {
            double[] perClusterFactor = rng.uniform(nClusters);
            double[] perFeatureFactor = rng.uniform(d);
            for (int k = 0; k < nClusters; k++) {
                for (int j = 0; j < d; j++) {
                    centroids[k][j] = centroids[k][j] * perClusterFactor[k] * perFeatureFactor[j];
                }
            }
        }

        double[] x = new double[nSamples * cols];
        int[] y = new int[nSamples];
        for (int i = 0; i < nSamples; i++) {
            for (int j = 0; j < d; j++) {
                x[i * cols + j] = rng.standardNormal();
            }
        }

        // each cluster: a random covariance (X_k · A), then moved to its vertex
        double[] row = new double[d];
        int start = 0;
        for (int k = 0; k < nClusters; k++) {
            int stop = start + perCluster[k];
            double[] a = new double[d * d];
            for (int i = 0; i < a.length; i++) {
                a[i] = 2 * rng.uniform() - 1;
            }
            for (int i = start; i < stop; i++) {
                y[i] = k % nClasses;
                System.arraycopy(x, i * cols, row, 0, d);
                for (int j = 0; j < d; j++) {
                    x[i * cols + j] = dot(row, a, j, d) + centroids[k][j];
                }
            }
            start = stop;
        }

        if (nRedundant > 0) {
            double[] b = new double[d * nRedundant];
            for (int i = 0; i < b.length; i++) {
                b[i] = 2 * rng.uniform() - 1;
            }
            for (int i = 0; i < nSamples; i++) {
                System.arraycopy(x, i * cols, row, 0, d);
                for (int j = 0; j < nRedundant; j++) {
                    x[i * cols + d + j] = dot(row, b, j, nRedundant);
                }
            }
        }

        if (nRepeated > 0) {
            int n = d + nRedundant;
            int[] source = new int[nRepeated];
            for (int r = 0; r < nRepeated; r++) {
                source[r] = (int) ((n - 1) * rng.uniform() + 0.5);
            }
            for (int i = 0; i < nSamples; i++) {
                for (int r = 0; r < nRepeated; r++) {
                    x[i * cols + n + r] = x[i * cols + source[r]];
                }
            }
        }

        if (nUseless > 0) {
            for (int i = 0; i < nSamples; i++) {
                for (int j = cols - nUseless; j < cols; j++) {
                    x[i * cols + j] = rng.standardNormal();
                }
            }
        }

        // label noise: all the uniforms first, then one new class per flipped row, in row order
        double[] u = rng.uniform(nSamples);
        for (int i = 0; i < nSamples; i++) {
            if (u[i] < flipY) {
                y[i] = rng.randint(nClasses);
            }
        }

        double[] shiftBy = shift != null ? expand(shift, cols) : randomShift(rng, cols);
        for (int i = 0; i < nSamples; i++) {
            for (int j = 0; j < cols; j++) {
                x[i * cols + j] += shiftBy[j];
            }
        }
        double[] scaleBy = scale != null ? expand(scale, cols) : randomScale(rng, cols);
        for (int i = 0; i < nSamples; i++) {
            for (int j = 0; j < cols; j++) {
                x[i * cols + j] *= scaleBy[j];
            }
        }

        if (shuffle) {
            int[] rowOrder = rng.permutation(nSamples);
            int[] colOrder = rng.permutation(cols);
            double[] shuffled = new double[x.length];
            int[] labels = new int[nSamples];
            for (int i = 0; i < nSamples; i++) {
                int from = rowOrder[i];
                labels[i] = y[from];
                for (int j = 0; j < cols; j++) {
                    shuffled[i * cols + j] = x[from * cols + colOrder[j]];
                }
            }
            x = shuffled;
            y = labels;
        }
        return new Result(x, nSamples, cols, y, nClasses);
    }

    /** Row {@code row} times column {@code col} of the row-major {@code d × width} matrix {@code m}, OpenBLAS's order. */
    private static double dot(double[] row, double[] m, int col, int width) {
        double s = row[0] * m[col];
        for (int k = 1; k < row.length; k++) {
            s = Math.fma(row[k], m[k * width + col], s);
        }
        return s;
    }

    private double[] classWeights() {
        if (weights == null) {
            double[] w = new double[nClasses];
            Arrays.fill(w, 1.0 / nClasses);
            return w;
        }
        if (weights.length == nClasses) {
            return weights;
        }
        // one short: the last class gets what is left, summed left to right as Python's sum does
        double[] w = Arrays.copyOf(weights, nClasses);
        double sum = 0;
        for (double v : weights) {
            sum += v;
        }
        w[nClasses - 1] = 1.0 - sum;
        return w;
    }

    private int[] samplesPerCluster(double[] w) {
        int nClusters = nClasses * nClustersPerClass;
        int[] counts = new int[nClusters];
        long total = 0;
        for (int k = 0; k < nClusters; k++) {
            counts[k] = (int) (nSamples * w[k % nClasses] / nClustersPerClass);
            total += counts[k];
        }
        for (long i = 0; i < nSamples - total; i++) {
            counts[(int) (i % nClusters)]++;
        }
        return counts;
    }

    /** {@code samples} vertices of the {@code dimensions}-cube as bit vectors, most significant bit first. */
    private static int[][] hypercubeVertices(int samples, int dimensions, LegacyRandom rng) {
        int[][] out = new int[samples][dimensions];
        int extra = Math.max(0, dimensions - 30);
        // above 30 dimensions sklearn draws the leading coordinates as plain coin flips
        for (int k = 0; k < samples; k++) {
            for (int j = 0; j < extra; j++) {
                out[k][j] = rng.randint(2);
            }
        }
        int low = dimensions - extra;
        int[] vertices = sampleWithoutReplacement(1 << low, samples, rng);
        for (int k = 0; k < samples; k++) {
            for (int j = 0; j < low; j++) {
                out[k][extra + j] = (vertices[k] >>> (low - 1 - j)) & 1;
            }
        }
        return out;
    }

    /** sklearn's {@code sample_without_replacement(population, k, method="auto")}. */
    static int[] sampleWithoutReplacement(int population, int k, LegacyRandom rng) {
        double ratio = population == 0 ? 1.0 : (double) k / population;
        int[] out = new int[k];
        if (ratio > 0.01 && ratio < 0.99) {
            System.arraycopy(rng.permutation(population), 0, out, 0, k);
        } else if (ratio < 0.2) {
            // tracking selection: redraw until unseen
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < k; i++) {
                int j = rng.randint(population);
                while (!seen.add(j)) {
                    j = rng.randint(population);
                }
                out[i] = j;
            }
        } else {
            // reservoir sampling
            for (int i = 0; i < k; i++) {
                out[i] = i;
            }
            for (int i = k; i < population; i++) {
                int j = rng.randint(i + 1);
                if (j < k) {
                    out[j] = i;
                }
            }
        }
        return out;
    }

    private double[] randomShift(LegacyRandom rng, int cols) {
        double[] s = new double[cols];
        for (int j = 0; j < cols; j++) {
            s[j] = (2 * rng.uniform() - 1) * classSep;
        }
        return s;
    }

    private static double[] randomScale(LegacyRandom rng, int cols) {
        double[] s = new double[cols];
        for (int j = 0; j < cols; j++) {
            s[j] = 1 + 100 * rng.uniform();
        }
        return s;
    }

    private static double[] expand(double[] values, int cols) {
        if (values.length == cols) {
            return values;
        }
        double[] out = new double[cols];
        Arrays.fill(out, values[0]);
        return out;
    }

    @Override
    public String toString() {
        return "MakeClassification[nSamples=" + nSamples + ", nFeatures=" + nFeatures
                + ", nInformative=" + nInformative + ", nRedundant=" + nRedundant
                + ", nRepeated=" + nRepeated + ", nClasses=" + nClasses
                + ", nClustersPerClass=" + nClustersPerClass + ", weights=" + Arrays.toString(weights)
                + ", flipY=" + flipY + ", classSep=" + classSep + ", hypercube=" + hypercube
                + ", shift=" + (shift == null ? "random" : Arrays.toString(shift))
                + ", scale=" + (scale == null ? "random" : Arrays.toString(scale))
                + ", shuffle=" + shuffle + ", seed=" + seed + "]";
    }

    /**
     * The parameters of {@link MakeClassification}, starting from sklearn's defaults. Each setter
     * rejects a value that is wrong on its own; {@link #build()} checks how they fit together.
     */
    public static final class Builder {

        private int nSamples = 100;
        private int nFeatures = 20;
        private int nInformative = 2;
        private int nRedundant = 2;
        private int nRepeated = 0;
        private int nClasses = 2;
        private int nClustersPerClass = 2;
        private double[] weights;
        private double flipY = 0.01;
        private double classSep = 1.0;
        private boolean hypercube = true;
        private double[] shift = {0.0};
        private double[] scale = {1.0};
        private boolean shuffle = true;
        private long seed;

        private Builder() {}

        /** The number of rows (default 100). */
        public Builder nSamples(int value) {
            nSamples = atLeast("nSamples", value, 1);
            return this;
        }

        /** The number of features, informative + redundant + repeated + noise (default 20). */
        public Builder nFeatures(int value) {
            nFeatures = atLeast("nFeatures", value, 1);
            return this;
        }

        /** Features the classes are built in: the hypercube's dimension (default 2). */
        public Builder nInformative(int value) {
            nInformative = atLeast("nInformative", value, 1);
            return this;
        }

        /** Random linear combinations of the informative features (default 2). */
        public Builder nRedundant(int value) {
            nRedundant = atLeast("nRedundant", value, 0);
            return this;
        }

        /** Copies of randomly chosen informative or redundant features (default 0). */
        public Builder nRepeated(int value) {
            nRepeated = atLeast("nRepeated", value, 0);
            return this;
        }

        /** The number of classes (default 2). */
        public Builder nClasses(int value) {
            nClasses = atLeast("nClasses", value, 1);
            return this;
        }

        /** Gaussian clusters per class (default 2). */
        public Builder nClustersPerClass(int value) {
            nClustersPerClass = atLeast("nClustersPerClass", value, 1);
            return this;
        }

        /**
         * The share of the samples in each class: {@code nClasses} values, or {@code nClasses - 1}
         * and the last class gets {@code 1 - sum}; {@code null} (the default) for equal shares.
         */
        public Builder weights(double... values) {
            if (values != null) {
                for (int i = 0; i < values.length; i++) {
                    if (!(values[i] >= 0) || Double.isInfinite(values[i])) {
                        throw new IllegalArgumentException("weights[" + i + "] must be a finite number >= 0, got " + values[i]);
                    }
                }
            }
            weights = values == null ? null : values.clone();
            return this;
        }

        /** The fraction of labels replaced by a random class, in [0, 1] (default 0.01). */
        public Builder flipY(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("flipY must be in [0, 1], got " + value);
            }
            flipY = value;
            return this;
        }

        /** Half the side of the hypercube: larger values make the problem easier (default 1). */
        public Builder classSep(double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("classSep must be a finite number > 0, got " + value);
            }
            classSep = value;
            return this;
        }

        /** Centres on the hypercube's vertices (true, the default) or on a random polytope. */
        public Builder hypercube(boolean value) {
            hypercube = value;
            return this;
        }

        /** Adds {@code value} to every feature (default 0). */
        public Builder shift(double value) {
            shift = new double[] {finite("shift", value)};
            return this;
        }

        /** Adds {@code values[j]} to feature {@code j}; one value per feature. */
        public Builder shift(double[] values) {
            shift = finiteArray("shift", values);
            return this;
        }

        /** A random shift per feature, uniform in {@code [-classSep, classSep)} (sklearn's {@code shift=None}). */
        public Builder randomShift() {
            shift = null;
            return this;
        }

        /** Multiplies every feature by {@code value}, after the shift (default 1). */
        public Builder scale(double value) {
            scale = new double[] {finite("scale", value)};
            return this;
        }

        /** Multiplies feature {@code j} by {@code values[j]}; one value per feature. */
        public Builder scale(double[] values) {
            scale = finiteArray("scale", values);
            return this;
        }

        /** A random scale per feature, uniform in {@code [1, 101)} (sklearn's {@code scale=None}). */
        public Builder randomScale() {
            scale = null;
            return this;
        }

        /** Shuffles the rows and then the columns (default true). */
        public Builder shuffle(boolean value) {
            shuffle = value;
            return this;
        }

        /** The seed of numpy's {@code RandomState}, in [0, 2^32) (default 0). */
        public Builder seed(long value) {
            if (value < 0 || value > 0xffffffffL) {
                throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1 (as numpy requires), got " + value);
            }
            seed = value;
            return this;
        }

        /**
         * The generator for these parameters.
         *
         * @throws IllegalArgumentException when the parameters do not fit together
         */
        public MakeClassification build() {
            long used = (long) nInformative + nRedundant + nRepeated;
            if (used > nFeatures) {
                throw new IllegalArgumentException("nInformative (" + nInformative + ") + nRedundant (" + nRedundant
                        + ") + nRepeated (" + nRepeated + ") = " + used + " is more than nFeatures (" + nFeatures + ")");
            }
            long clusters = (long) nClasses * nClustersPerClass;
            if (nInformative < 62 && clusters > 1L << nInformative) {
                throw new IllegalArgumentException("nClasses (" + nClasses + ") × nClustersPerClass (" + nClustersPerClass
                        + ") = " + clusters + " clusters need distinct hypercube vertices, but 2^nInformative = "
                        + (1L << nInformative) + "; raise nInformative or lower the cluster count");
            }
            if ((long) nSamples * nFeatures > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("nSamples (" + nSamples + ") × nFeatures (" + nFeatures
                        + ") is too large for one array");
            }
            if (weights != null) {
                if (weights.length != nClasses && weights.length != nClasses - 1) {
                    throw new IllegalArgumentException("weights has " + weights.length + " values; expected nClasses ("
                            + nClasses + ") or nClasses - 1");
                }
                double sum = 0;
                for (double w : weights) {
                    sum += w;
                }
                if (weights.length == nClasses - 1 && sum > 1.0) {
                    throw new IllegalArgumentException("weights sum to " + sum
                            + ", more than 1, so nothing is left for the last class");
                }
                long total = 0;
                double[] full = Arrays.copyOf(weights, nClasses);
                if (weights.length == nClasses - 1) {
                    full[nClasses - 1] = 1.0 - sum;
                }
                for (int k = 0; k < clusters; k++) {
                    total += (long) (nSamples * full[k % nClasses] / nClustersPerClass);
                }
                if (total > nSamples) {
                    throw new IllegalArgumentException("weights " + Arrays.toString(full) + " sum to more than 1: the clusters would need "
                            + total + " samples but nSamples is " + nSamples);
                }
            }
            if (shift != null && shift.length != 1 && shift.length != nFeatures) {
                throw new IllegalArgumentException("shift has " + shift.length + " values for " + nFeatures + " features");
            }
            if (scale != null && scale.length != 1 && scale.length != nFeatures) {
                throw new IllegalArgumentException("scale has " + scale.length + " values for " + nFeatures + " features");
            }
            return new MakeClassification(this);
        }

        /** Shorthand for {@code build().generate()}. */
        public Result generate() {
            return build().generate();
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
            }
            return value;
        }

        private static double finite(String name, double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(name + " must be finite, got " + value
                        + (Double.isNaN(value) && !name.contains("[")
                                ? " (for sklearn's " + name + "=None call random" + capitalised(name) + "())" : ""));
            }
            return value;
        }

        private static double[] finiteArray(String name, double[] values) {
            Objects.requireNonNull(values, name);
            if (values.length == 0) {
                throw new IllegalArgumentException(name + " needs one value per feature, got none");
            }
            for (int i = 0; i < values.length; i++) {
                finite(name + "[" + i + "]", values[i]);
            }
            return values.clone();
        }

        private static String capitalised(String name) {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
    }
}
