package vmlp.train;

/**
 * How the learning rate changes over a run: a factor applied to the optimiser's base rate, fixed
 * for each epoch (as PyTorch's schedulers are when stepped once per epoch).
 *
 * <ul>
 *   <li>{@link #constant()}: 1;</li>
 *   <li>{@link #step}: {@code γ^⌊epoch / every⌋};</li>
 *   <li>{@link #cosine}: from 1 down to {@code floor} along half a cosine over the run's epochs,
 *       {@code floor + (1 − floor)·(1 + cos(π·epoch / epochs)) / 2};</li>
 *   <li>{@link #inverseScaling}: scikit-learn's {@code invscaling}, {@code 1 / (t + 1)^power} where
 *       {@code t} is the number of training samples seen before the epoch.</li>
 * </ul>
 * Epochs are counted from 0 here (the first epoch runs at the base rate).
 */
public sealed interface LearningRateSchedule {

    /**
     * The factor for the epoch {@code epoch} (0-based) of {@code epochs}, after {@code samplesSeen}
     * training samples.
     */
    double factor(int epoch, int epochs, long samplesSeen);

    /** The base rate throughout. */
    static LearningRateSchedule constant() {
        return new Constant();
    }

    /** Multiply the rate by {@code gamma} every {@code every} epochs. */
    static LearningRateSchedule step(int every, double gamma) {
        return new Step(every, gamma);
    }

    /** Half a cosine from the base rate down to {@code floor} times it at the end of the run. */
    static LearningRateSchedule cosine(double floor) {
        return new Cosine(floor);
    }

    /** scikit-learn's inverse scaling, {@code η / (t + 1)^power} with t the samples seen (power 0.5 there). */
    static LearningRateSchedule inverseScaling(double power) {
        return new InverseScaling(power);
    }

    /** The base rate throughout. */
    record Constant() implements LearningRateSchedule {
        @Override
        public double factor(int epoch, int epochs, long samplesSeen) {
            return 1;
        }
    }

    /** {@code γ^⌊epoch / every⌋}. */
    record Step(int every, double gamma) implements LearningRateSchedule {
        public Step {
            if (every < 1) {
                throw new IllegalArgumentException("a step schedule needs a period of at least 1 epoch, got " + every);
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("a step schedule's factor gamma must be in (0, 1], got " + gamma);
            }
        }

        @Override
        public double factor(int epoch, int epochs, long samplesSeen) {
            return Math.pow(gamma, epoch / every);
        }
    }

    /** {@code floor + (1 − floor)·(1 + cos(π·epoch / epochs)) / 2}. */
    record Cosine(double floor) implements LearningRateSchedule {
        public Cosine {
            if (!(floor >= 0 && floor < 1)) {
                throw new IllegalArgumentException("a cosine schedule's floor must be in [0, 1), got " + floor);
            }
        }

        @Override
        public double factor(int epoch, int epochs, long samplesSeen) {
            return floor + (1 - floor) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
        }
    }

    /** {@code 1 / (t + 1)^power}, t the samples seen before the epoch. */
    record InverseScaling(double power) implements LearningRateSchedule {
        public InverseScaling {
            if (!(power > 0 && power <= 10)) {
                throw new IllegalArgumentException("inverse scaling's power must be in (0, 10], got " + power);
            }
        }

        @Override
        public double factor(int epoch, int epochs, long samplesSeen) {
            return 1 / Math.pow(samplesSeen + 1, power);
        }
    }
}
