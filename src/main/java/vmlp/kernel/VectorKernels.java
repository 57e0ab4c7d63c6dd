package vmlp.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Kernels on the JDK Vector API. (Placeholder: delegates to scalar until the vector loops land.) */
public final class VectorKernels implements Kernels {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private final Kernels scalar = new ScalarKernels();

    /** The preferred species width in bits on this machine. */
    static int preferredBits() {
        return SPECIES.vectorBitSize();
    }

    /** The float lanes in the preferred species. */
    static int preferredLanes() {
        return SPECIES.length();
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        scalar.gemmNT(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        scalar.gemmTN(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    @Override
    public void gemmNN(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        scalar.gemmNN(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    @Override
    public void gemv(int m, int n, float[] a, int aOff, float[] x, int xOff, float[] y, int yOff, boolean accumulate) {
        scalar.gemv(m, n, a, aOff, x, xOff, y, yOff, accumulate);
    }

    @Override
    public void addBias(int rows, int cols, float[] c, int cOff, float[] bias, int biasOff) {
        scalar.addBias(rows, cols, c, cOff, bias, biasOff);
    }

    @Override
    public void columnSums(int rows, int cols, float[] a, int aOff, float[] sums, int sumsOff, boolean accumulate) {
        scalar.columnSums(rows, cols, a, aOff, sums, sumsOff, accumulate);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        scalar.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        scalar.scale(n, alpha, x, xOff);
    }

    @Override
    public void sigmoid(int n, float[] x, float[] y) {
        scalar.sigmoid(n, x, y);
    }

    @Override
    public void sigmoidGradient(int n, float[] y, float[] dy, float[] dz) {
        scalar.sigmoidGradient(n, y, dy, dz);
    }

    @Override
    public void tanh(int n, float[] x, float[] y) {
        scalar.tanh(n, x, y);
    }

    @Override
    public void tanhGradient(int n, float[] y, float[] dy, float[] dz) {
        scalar.tanhGradient(n, y, dy, dz);
    }

    @Override
    public void relu(int n, float[] x, float[] y) {
        scalar.relu(n, x, y);
    }

    @Override
    public void reluGradient(int n, float[] y, float[] dy, float[] dz) {
        scalar.reluGradient(n, y, dy, dz);
    }

    @Override
    public void leakyRelu(int n, float alpha, float[] x, float[] y) {
        scalar.leakyRelu(n, alpha, x, y);
    }

    @Override
    public void leakyReluGradient(int n, float alpha, float[] y, float[] dy, float[] dz) {
        scalar.leakyReluGradient(n, alpha, y, dy, dz);
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, float[] y) {
        scalar.softmaxRows(rows, cols, x, y);
    }

    @Override
    public void softmaxRowsGradient(int rows, int cols, float[] y, float[] dy, float[] dz) {
        scalar.softmaxRowsGradient(rows, cols, y, dy, dz);
    }
}
