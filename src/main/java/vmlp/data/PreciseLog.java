package vmlp.data;

/**
 * A natural logarithm that is correctly rounded in all but astronomically rare cases, in plain Java
 * arithmetic, so that it gives the same bits on every JVM and platform.
 *
 * <p>Why: numpy's normal generator calls the C library's {@code log}. {@link StrictMath#log}
 * (fdlibm) differs from glibc's in the last bit for about 3% of inputs, and {@link Math#log} is an
 * intrinsic whose bits depend on the platform. glibc's {@code log} is correctly rounded for about
 * 99.92% of inputs (measured here: 304 misses in 400,000 uniforms), so a correctly rounded log is the
 * closest deterministic match we can have without porting glibc's tables.
 *
 * <p>Method: {@code x = m·2^e} with {@code m} in [√½, √2]; {@code log m = 2·atanh(s)} with
 * {@code s = (m-1)/(m+1)}, |s| ≤ 0.1716, summed as {@code 2s·Σ s^(2k)/(2k+1)}; everything that
 * reaches the result's last bits is carried as a double-double (about 106 bits), then rounded once.
 */
final class PreciseLog {

    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    private static final double SQRT_HALF = 0x1.6a09e667f3bcdp-1;
    /** Terms of the series: t = s² ≤ 0.0295 ≈ 2^-5.08, so t^21 is below 2^-106. */
    private static final int TERMS = 21;
    /** From this term on the sum is below 2^-30 of the total: plain doubles are precise enough. */
    private static final int DOUBLE_DOUBLE_TERMS = 6;
    private static final double[] INV_ODD_HI = new double[TERMS];
    private static final double[] INV_ODD_LO = new double[TERMS];

    static {
        for (int k = 0; k < TERMS; k++) {
            double d = 2 * k + 1;
            double hi = 1.0 / d;
            INV_ODD_HI[k] = hi;
            INV_ODD_LO[k] = Math.fma(-hi, d, 1.0) / d;
        }
    }

    private PreciseLog() {}

    /** The natural logarithm of a positive finite {@code x}. */
    static double log(double x) {
        if (!(x > 0) || x == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("log needs a positive finite argument, got " + x);
        }
        int e = 0;
        if (x < Double.MIN_NORMAL) {
            x *= 0x1p54;
            e = -54;
        }
        int exponent = Math.getExponent(x);
        double m = Math.scalb(x, -exponent); // in [1, 2), exact
        e += exponent;
        if (m > 2 * SQRT_HALF) {
            m *= 0.5;
            e += 1;
        }
        // s = (m - 1) / (m + 1) as sHi + sLo; m - 1 is exact (Sterbenz), m + 1 may need a second word
        double num = m - 1.0;
        double[] den = twoSum(m, 1.0);
        double denHi = den[0];
        double denLo = den[1];
        double sHi = num / denHi;
        double rem = Math.fma(-sHi, denHi, num) - sHi * denLo;
        double sLo = rem / denHi;
        double[] s = twoSum(sHi, sLo);

        double[] t = ddMul(s[0], s[1], s[0], s[1]);
        double tail = INV_ODD_HI[TERMS - 1];
        for (int k = TERMS - 2; k >= DOUBLE_DOUBLE_TERMS; k--) {
            tail = tail * t[0] + INV_ODD_HI[k];
        }
        double[] sum = {tail, 0.0};
        for (int k = DOUBLE_DOUBLE_TERMS - 1; k >= 0; k--) {
            sum = ddMul(sum[0], sum[1], t[0], t[1]);
            sum = ddAdd(sum[0], sum[1], INV_ODD_HI[k], INV_ODD_LO[k]);
        }
        double[] logM = ddMul(s[0], s[1], sum[0], sum[1]);
        double hi = 2 * logM[0];
        double lo = 2 * logM[1];
        if (e != 0) {
            double eHi = e * LN2_HI;
            double eLo = Math.fma(e, LN2_HI, -eHi) + e * LN2_LO;
            double[] r = ddAdd(eHi, eLo, hi, lo);
            hi = r[0];
            lo = r[1];
        }
        return hi + lo;
    }

    private static double[] twoSum(double a, double b) {
        double s = a + b;
        double bb = s - a;
        double err = (a - (s - bb)) + (b - bb);
        return new double[] {s, err};
    }

    private static double[] ddAdd(double aHi, double aLo, double bHi, double bLo) {
        double[] s = twoSum(aHi, bHi);
        double[] t = twoSum(aLo, bLo);
        double lo = s[1] + t[0];
        double[] u = twoSum(s[0], lo);
        return twoSum(u[0], u[1] + t[1]);
    }

    private static double[] ddMul(double aHi, double aLo, double bHi, double bLo) {
        double p = aHi * bHi;
        double err = Math.fma(aHi, bHi, -p) + (aHi * bLo + aLo * bHi);
        return twoSum(p, err);
    }
}
