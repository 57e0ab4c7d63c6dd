package vmlp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gang runs every index of every phase exactly once, on any number of threads, and passes failures on. */
class ParallelForTest {

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 4, 8})
    void everyIndexRunsExactlyOncePerPhase(int threads) {
        onGang(threads, gang -> {
            for (int phase = 0; phase < 400; phase++) {
                int count = phase % 53;
                AtomicIntegerArray runs = new AtomicIntegerArray(count);
                int slow = count == 0 ? -1 : phase % count;
                gang.run(count, i -> {
                    if (i == slow) {
                        // one long index, so that the participants finish their shares at different times
                        long x = i;
                        for (int spin = 0; spin < 20_000; spin++) {
                            x = x * 6364136223846793005L + 1442695040888963407L;
                        }
                        if (x == 42) {
                            runs.addAndGet(i, 1000);
                        }
                    }
                    runs.incrementAndGet(i);
                });
                for (int i = 0; i < count; i++) {
                    assertEquals(1, runs.get(i), "phase " + phase + ", index " + i + " of " + count);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 4})
    void aFailingIndexFailsTheCallAndTheGangGoesOn(int threads) {
        onGang(threads, gang -> {
            IllegalStateException boom = new IllegalStateException("index 5");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> gang.run(9, i -> {
                if (i == 5) {
                    throw boom;
                }
            }));
            assertSame(boom, thrown);
            AtomicIntegerArray runs = new AtomicIntegerArray(9);
            gang.run(9, runs::incrementAndGet);
            for (int i = 0; i < 9; i++) {
                assertEquals(1, runs.get(i), "after a failure, index " + i);
            }
        });
    }

    /** Runs {@code body} on a gang of {@code threads} between begin and end, then shuts its pool down. */
    private static void onGang(int threads, Consumer<ParallelFor> body) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            ParallelFor gang = ParallelFor.on(pool);
            gang.begin();
            try {
                body.accept(gang);
            } finally {
                gang.end();
            }
        } finally {
            pool.shutdown();
        }
    }
}
