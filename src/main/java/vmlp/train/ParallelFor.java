package vmlp.train;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs {@code body(0) … body(count − 1)} and returns when all are done: one after another on the
 * calling thread, or spread over the calling thread and a {@link ForkJoinPool}'s threads. What each
 * index computes must not depend on which thread runs it or in which order; then the two give the
 * same bits.
 *
 * <p>The pool version is a gang for the many short phases of training (four per step, each a
 * fraction of a millisecond): between {@link #begin()} and {@link #end()} the pool's threads stay on
 * call, spinning between phases, and every thread, the caller included, runs a fixed share of the
 * indices (see {@link Gang#drain}). Handing each phase to the pool instead cost two thread wake-ups
 * per phase (a parked worker, then the parked caller), about 0.2 ms each on these virtual machines
 * (measured: four 0.3 ms indices per call on 2 threads took 0.8 ms, not 0.6), which is why 2
 * threads trained only 1.1–1.45× faster than 1. Outside a begin/end period the calls run on the
 * calling thread. It serves one caller at a time and allocates nothing per call.
 */
abstract sealed class ParallelFor {

    /** Runs every index of {@code [0, count)}. */
    abstract void run(int count, IntConsumer body);

    /** Puts the threads on call for a period of many {@link #run} calls. */
    void begin() {
    }

    /** Ends the period: the pool's threads go back to the pool. Safe to call when none began. */
    void end() {
    }

    /** The calling thread, in index order. */
    static ParallelFor sequential() {
        return new Sequential();
    }

    /** The calling thread and {@code pool.getParallelism() − 1} of the pool's threads. */
    static ParallelFor on(ForkJoinPool pool) {
        return pool.getParallelism() == 1 ? new Sequential() : new Gang(pool);
    }

    private static final class Sequential extends ParallelFor {
        @Override
        void run(int count, IntConsumer body) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        }
    }

    private static final class Gang extends ParallelFor {
        /** How long a helper spins for the next phase before it parks: longer than a step's gaps. */
        private static final long SPIN_NANOS = 2_000_000;

        private final ForkJoinPool pool;
        private final Helper[] helpers;
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        /** Bumped by every run; a helper runs each new value's phase once. Negative: helpers stop. */
        private volatile long phase;
        private volatile boolean running;
        private IntConsumer body;
        private int count;

        Gang(ForkJoinPool pool) {
            this.pool = pool;
            helpers = new Helper[pool.getParallelism() - 1];
            for (int i = 0; i < helpers.length; i++) {
                helpers[i] = new Helper(i + 1);
            }
        }

        @Override
        void begin() {
            if (running) {
                return;
            }
            running = true;
            for (Helper h : helpers) {
                h.reinitialize();
                h.seen = phase;
                pool.execute(h);
            }
        }

        @Override
        void end() {
            if (!running) {
                return;
            }
            running = false;
            for (Helper h : helpers) {
                LockSupport.unpark(h.thread);
            }
            for (Helper h : helpers) {
                h.join();
            }
        }

        @Override
        void run(int count, IntConsumer body) {
            if (!running || count <= 1) {
                for (int i = 0; i < count; i++) {
                    body.accept(i);
                }
                return;
            }
            this.body = body;
            this.count = count;
            finished.set(0);
            phase++;   // volatile write: publishes body, count and the counters to the helpers
            for (Helper h : helpers) {
                if (h.parked) {
                    LockSupport.unpark(h.thread);
                }
            }
            drain(0);
            while (finished.get() < helpers.length) {
                Thread.onSpinWait();
            }
            this.body = null;
            switch (failure.getAndSet(null)) {
                case null -> { }
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                case Throwable t -> throw new IllegalStateException(t);
            }
        }

        /**
         * Runs participant {@code who}'s share: indices {@code [who·count/T, (who+1)·count/T)} of the
         * {@code T} participants (the caller is 0). A fixed share keeps a chunk of parameters, and
         * the optimiser state that goes with it, in the same core's cache from step to step.
         */
        private void drain(int who) {
            IntConsumer work = body;
            int n = count;
            int participants = helpers.length + 1;
            int from = (int) ((long) who * n / participants);
            int to = (int) ((long) (who + 1) * n / participants);
            for (int i = from; i < to; i++) {
                try {
                    work.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    return;
                }
            }
        }

        /** A pool thread on call: waits for each new phase (spinning, then parked), drains it, reports. */
        private final class Helper extends RecursiveAction {
            private static final long serialVersionUID = 1L;
            private final int id;
            volatile Thread thread;
            volatile boolean parked;
            long seen;

            Helper(int id) {
                this.id = id;
            }

            @Override
            protected void compute() {
                thread = Thread.currentThread();
                while (true) {
                    long spinStart = System.nanoTime();
                    while (phase == seen && running) {
                        if (System.nanoTime() - spinStart < SPIN_NANOS) {
                            Thread.onSpinWait();
                        } else {
                            parked = true;
                            if (phase == seen && running) {
                                LockSupport.park(this);
                            }
                            parked = false;
                        }
                    }
                    if (!running) {
                        return;
                    }
                    seen = phase;
                    drain(id);
                    finished.incrementAndGet();
                }
            }
        }
    }
}
