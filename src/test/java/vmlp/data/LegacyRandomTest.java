package vmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/*
 * The expected numbers were printed by numpy 1.24.2 (Debian python3-numpy):
 *   np.random.seed(42)
 *   np.random.random_sample(3); np.random.standard_normal(3); np.random.randint(10, size=5)
 *   np.random.permutation(8); np.random.randint(1000000, size=3); np.random.standard_normal()
 */
class LegacyRandomTest {

    @Test
    void seed42GivesNumpysFirstDrawsInOrder() {
        var rng = new LegacyRandom(42);
        assertArrayEquals(new double[] {0.3745401188473625, 0.9507143064099162, 0.7319939418114051},
                rng.uniform(3));
        assertArrayEquals(new double[] {-1.1118801180469204, 0.31890218468938336, 0.2790412922001377},
                rng.standardNormal(3));
        int[] ints = new int[5];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = rng.randint(10);
        }
        assertArrayEquals(new int[] {7, 2, 5, 4, 1}, ints);
        assertArrayEquals(new int[] {4, 2, 0, 6, 1, 5, 3, 7}, rng.permutation(8));
        assertEquals(184779, rng.randint(1000000));
        assertEquals(347449, rng.randint(1000000));
        assertEquals(421909, rng.randint(1000000));
        assertEquals(1.0105152848065264, rng.standardNormal());
    }

    @Test
    void theSameSeedGivesTheSameStreamAndAnotherSeedAnother() {
        assertArrayEquals(new LegacyRandom(7).uniform(10), new LegacyRandom(7).uniform(10));
        assertNotEquals(Arrays.toString(new LegacyRandom(7).uniform(10)),
                Arrays.toString(new LegacyRandom(8).uniform(10)));
    }

    @Test
    void randomIntervalStaysWithinItsInclusiveBound() {
        var rng = new LegacyRandom(1);
        boolean sawMax = false;
        for (int i = 0; i < 10_000; i++) {
            long v = rng.randomInterval(5);
            assertEquals(true, v >= 0 && v <= 5, "value " + v);
            sawMax |= v == 5;
        }
        assertEquals(true, sawMax);
        assertEquals(0, rng.randomInterval(0));
        long big = rng.randomInterval(1L << 40);
        assertEquals(true, big >= 0 && big <= 1L << 40);
    }

    @Test
    void permutationContainsEveryIndexOnce() {
        int[] p = new LegacyRandom(3).permutation(1000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void seedsOutsideNumpysRangeAreRejectedWithTheRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LegacyRandom(-1));
        assertEquals(true, e.getMessage().contains("2^32 - 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LegacyRandom(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new LegacyRandom(0).randint(0));
    }

    @Test
    void preciseLogIsCorrectlyRoundedOnValuesCheckedWithDecimalArithmetic() {
        // reference: float(Decimal(x).ln()) at 45 digits, Python's correctly rounded conversion
        assertEquals(0.0, PreciseLog.log(1.0));
        assertEquals(0.6931471805599453, PreciseLog.log(2.0));
        assertEquals(-744.4400719213812, PreciseLog.log(Double.MIN_VALUE));
        assertEquals(709.782712893384, PreciseLog.log(Double.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> PreciseLog.log(0.0));
    }

    @Test
    void preciseLogIsWithinOneUlpOfMathLogAcrossTheRange() {
        var rng = new LegacyRandom(11);
        for (int i = 0; i < 100_000; i++) {
            double x = Math.scalb(rng.uniform() + 0.5, (int) rng.randomInterval(2000) - 1000);
            double precise = PreciseLog.log(x);
            double reference = Math.log(x);
            assertTrue(Math.abs(precise - reference) <= Math.ulp(reference), "log(" + x + "): " + precise + " vs " + reference);
        }
    }
}
