package vmlp.train;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Runs {@code body(0) … body(count − 1)} and returns when all are done: one after another on the
 * calling thread, or spread over a {@link ForkJoinPool}. What each index computes must not depend
 * on which thread runs it or in which order; then the two give the same bits.
 *
 * <p>The pool version keeps its task objects and reinitialises them for every call, so a training
 * step forks without allocating. It serves one caller at a time.
 */
abstract sealed class ParallelFor {

    /** Threads that may run bodies at once. */
    abstract int parallelism();

    /** Runs every index of {@code [0, count)}. */
    abstract void run(int count, IntConsumer body);

    /** Makes a runner whose pool tasks are made for up to {@code maxCount} indices. */
    @FunctionalInterface
    interface Factory {
        ParallelFor make(int maxCount);
    }

    /** The calling thread, in index order. */
    static ParallelFor sequential() {
        return new Sequential();
    }

    /** The pool's threads; tasks for up to {@code maxCount} indices are made once, here (grown once if a call needs more). */
    static ParallelFor on(ForkJoinPool pool, int maxCount) {
        return new OnPool(pool, maxCount);
    }

    private static final class Sequential extends ParallelFor {
        @Override
        int parallelism() {
            return 1;
        }

        @Override
        void run(int count, IntConsumer body) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        }
    }

    private static final class OnPool extends ParallelFor {
        private final ForkJoinPool pool;
        private Index[] tasks;
        private final Root root = new Root();
        private IntConsumer body;

        OnPool(ForkJoinPool pool, int maxCount) {
            this.pool = pool;
            tasks = new Index[maxCount];
            for (int i = 0; i < maxCount; i++) {
                tasks[i] = new Index(i);
            }
        }

        @Override
        int parallelism() {
            return pool.getParallelism();
        }

        @Override
        void run(int count, IntConsumer body) {
            if (count > tasks.length) {
                // more than made for: grow once (a network packing more parts than it has shards)
                Index[] more = Arrays.copyOf(tasks, count);
                for (int i = tasks.length; i < count; i++) {
                    more[i] = new Index(i);
                }
                tasks = more;
            }
            if (count <= 1 || pool.getParallelism() == 1) {
                // one thread would run them in order anyway: skip the hand-over to the pool
                for (int i = 0; i < count; i++) {
                    body.accept(i);
                }
                return;
            }
            this.body = body;
            root.count = count;
            root.reinitialize();
            try {
                pool.invoke(root);
            } finally {
                this.body = null;
            }
        }

        /** Forks indices 1 … count−1, runs 0 itself, then joins the rest, newest first (LIFO). */
        private final class Root extends RecursiveAction {
            private static final long serialVersionUID = 1L;
            int count;

            @Override
            protected void compute() {
                for (int i = 1; i < count; i++) {
                    tasks[i].reinitialize();
                    tasks[i].fork();
                }
                // join every fork even when a body fails, so that no task is still running when
                // the next call reinitialises it
                Throwable failure = null;
                try {
                    body.accept(0);
                } catch (Throwable t) {
                    failure = t;
                }
                for (int i = count - 1; i >= 1; i--) {
                    try {
                        tasks[i].join();
                    } catch (Throwable t) {
                        if (failure == null) {
                            failure = t;
                        }
                    }
                }
                switch (failure) {
                    case null -> { }
                    case RuntimeException e -> throw e;
                    case Error e -> throw e;
                    default -> throw new IllegalStateException(failure);
                }
            }
        }

        private final class Index extends RecursiveAction {
            private static final long serialVersionUID = 1L;
            private final int index;

            Index(int index) {
                this.index = index;
            }

            @Override
            protected void compute() {
                body.accept(index);
            }
        }
    }
}
