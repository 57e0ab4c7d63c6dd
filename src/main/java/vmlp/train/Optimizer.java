package vmlp.train;

import java.util.Locale;
import vmlp.kernel.Kernels;

/**
 * How parameters move against their gradient. An optimiser is an immutable description (a
 * record, checked when it is made); {@link #start} makes the per-run state (velocities, moments)
 * for one parameter array.
 *
 * <p>Every rule here is elementwise, so a step can be applied to disjoint ranges of the parameters
 * by different threads: the trainers call {@link Updater#beginStep} once per step and then
 * {@link Updater#update} on fixed ranges. Each update runs the rule's kernel
 * ({@link Kernels#sgdUpdate}, {@link Kernels#sgdMomentumUpdate}, {@link Kernels#adamUpdate}) on its
 * range; with the scalar kernels any split gives the same bits as one pass over the whole array,
 * with the vector kernels (fused multiply-adds in the lanes, none in the tail) a split into ranges
 * whose lengths are multiples of the lane count does.
 *
 * <table>
 *   <caption>The update rules (PyTorch's formulation; {@code g} is the batch's mean gradient, η the
 *   learning rate of this step)</caption>
 *   <tr><td>{@link Sgd}</td><td>{@code θ ← θ − η·g}</td></tr>
 *   <tr><td>{@link Momentum}</td><td>{@code v ← μ·v + g;  θ ← θ − η·v}
 *       (Nesterov: {@code θ ← θ − η·(g + μ·v)})</td></tr>
 *   <tr><td>{@link Adam}</td><td>{@code m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *       θ ← θ − η·m̂ / (√v̂ + ε)} with the bias corrections {@code m̂ = m/(1−β₁ᵗ)},
 *       {@code v̂ = v/(1−β₂ᵗ)}</td></tr>
 *   <tr><td>{@link AdamW}</td><td>{@code θ ← θ·(1 − η·λ)}, then Adam (decoupled weight decay,
 *       Loshchilov and Hutter 2019; like {@code torch.optim.AdamW} it decays every parameter)</td></tr>
 * </table>
 *
 * L2 regularisation that goes through the gradient (coupled, scikit-learn's {@code alpha}) is a
 * trainer setting, {@link TrainingOptions#l2}, and works with every optimiser.
 */
public sealed interface Optimizer permits Optimizer.Sgd, Optimizer.Momentum, Optimizer.Adam, Optimizer.AdamW {

    /** The base learning rate (a {@link LearningRateSchedule} scales it epoch by epoch). */
    float learningRate();

    /** Fresh state for a run over {@code parameterCount} parameters. */
    Updater start(int parameterCount);

    /** A short description for logs, such as {@code "Adam(lr 0.001, β 0.9/0.999, ε 1e-08)"}. */
    String describe();

    /**
     * The optimiser with this name and learning rate, with every other hyper-parameter at its
     * usual default: sgd, momentum (μ 0.9), nesterov (μ 0.9), adam, adamw (λ 0.01).
     *
     * @throws IllegalArgumentException listing the names when it is none of them, or when the
     *     learning rate is not a positive finite number
     */
    static Optimizer named(String name, float learningRate) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd" -> new Sgd(learningRate);
            case "momentum" -> new Momentum(learningRate, Momentum.DEFAULT_MOMENTUM, false);
            case "nesterov" -> new Momentum(learningRate, Momentum.DEFAULT_MOMENTUM, true);
            case "adam" -> new Adam(learningRate);
            case "adamw" -> new AdamW(learningRate, AdamW.DEFAULT_WEIGHT_DECAY);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name
                    + "'; expected one of: sgd, momentum, nesterov, adam, adamw");
        };
    }

    /**
     * The state of one run: the step count and whatever arrays the rule keeps (none for SGD, the
     * velocity for momentum, the two moments for Adam). Not thread-safe in general, but
     * {@link #update} on disjoint ranges may run concurrently after one {@link #beginStep}.
     */
    abstract sealed class Updater permits SgdUpdater, MomentumUpdater, AdamUpdater {
        /** The per-parameter state arrays, each as long as the parameters. */
        final float[][] state;
        /** Steps begun so far (t in Adam's bias correction). */
        long steps;

        Updater(int parameterCount, int arrays) {
            if (parameterCount < 0) {
                throw new IllegalArgumentException("parameter count must not be negative, got " + parameterCount);
            }
            state = new float[arrays][parameterCount];
        }

        /** Starts step {@code t = steps + 1}: call once per step, before any {@link #update}. */
        public void beginStep() {
            steps++;
        }

        /**
         * Applies the current step to parameters {@code [from, to)}: {@code params ← step(params,
         * grads)}, where {@code grads} is the mean gradient of a batch and {@code learningRate}
         * this step's rate.
         */
        public abstract void update(Kernels kernels, float[] params, float[] grads, float learningRate,
                                    int from, int to);

        /** One whole step over all parameters: {@link #beginStep} then {@link #update} on everything. */
        public final void step(Kernels kernels, float[] params, float[] grads, float learningRate) {
            beginStep();
            update(kernels, params, grads, learningRate, 0, params.length);
        }

        /** The steps taken so far. */
        public long steps() {
            return steps;
        }

        /** A copy of the state, for {@link #restore} (restoring the best or the last good weights). */
        public Snapshot snapshot() {
            float[][] copy = new float[state.length][];
            for (int i = 0; i < state.length; i++) {
                copy[i] = state[i].clone();
            }
            return new Snapshot(copy, steps);
        }

        /**
         * Puts back a state taken by {@link #snapshot} of this updater.
         *
         * @throws IllegalArgumentException when the snapshot is of another shape
         */
        public void restore(Snapshot snapshot) {
            if (snapshot.arrays().length != state.length
                    || (state.length > 0 && snapshot.arrays()[0].length != state[0].length)) {
                throw new IllegalArgumentException("the snapshot is of another optimiser or network");
            }
            for (int i = 0; i < state.length; i++) {
                System.arraycopy(snapshot.arrays()[i], 0, state[i], 0, state[i].length);
            }
            steps = snapshot.steps();
        }

        /** A copy of an updater's state. */
        public record Snapshot(float[][] arrays, long steps) {}
    }

    /** Plain gradient descent: {@code θ ← θ − η·g}. */
    record Sgd(float learningRate) implements Optimizer {
        public Sgd {
            checkLearningRate(learningRate);
        }

        @Override
        public Updater start(int parameterCount) {
            return new SgdUpdater(parameterCount);
        }

        @Override
        public String describe() {
            return "SGD(lr " + learningRate + ")";
        }
    }

    /**
     * Gradient descent with momentum μ (heavy ball, or Nesterov's look-ahead form):
     * {@code v ← μ·v + g}, then {@code θ ← θ − η·v}, or {@code θ ← θ − η·(g + μ·v)} for Nesterov.
     */
    record Momentum(float learningRate, float momentum, boolean nesterov) implements Optimizer {
        static final float DEFAULT_MOMENTUM = 0.9f;

        public Momentum {
            checkLearningRate(learningRate);
            if (!(momentum > 0f && momentum < 1f)) {
                throw new IllegalArgumentException("momentum must be in (0, 1), got " + momentum);
            }
        }

        @Override
        public Updater start(int parameterCount) {
            return new MomentumUpdater(parameterCount, momentum, nesterov);
        }

        @Override
        public String describe() {
            return (nesterov ? "Nesterov" : "Momentum") + "(lr " + learningRate + ", μ " + momentum + ")";
        }
    }

    /** Adam (Kingma and Ba 2015), with bias-corrected moments. */
    record Adam(float learningRate, float beta1, float beta2, float epsilon) implements Optimizer {
        public Adam {
            checkAdam(learningRate, beta1, beta2, epsilon);
        }

        /** β₁ 0.9, β₂ 0.999, ε 1e-8: the defaults of the paper, PyTorch and scikit-learn. */
        public Adam(float learningRate) {
            this(learningRate, 0.9f, 0.999f, 1e-8f);
        }

        @Override
        public Updater start(int parameterCount) {
            return new AdamUpdater(parameterCount, beta1, beta2, epsilon, 0f);
        }

        @Override
        public String describe() {
            return "Adam(lr " + learningRate + ", β " + beta1 + "/" + beta2 + ", ε " + epsilon + ")";
        }
    }

    /** Adam with decoupled weight decay λ: {@code θ ← θ·(1 − η·λ)} before each Adam step. */
    record AdamW(float learningRate, float beta1, float beta2, float epsilon, float weightDecay)
            implements Optimizer {
        static final float DEFAULT_WEIGHT_DECAY = 0.01f;

        public AdamW {
            checkAdam(learningRate, beta1, beta2, epsilon);
            if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weight decay must be a finite number ≥ 0, got " + weightDecay);
            }
        }

        /** β₁ 0.9, β₂ 0.999, ε 1e-8 and this weight decay (PyTorch's default is 0.01). */
        public AdamW(float learningRate, float weightDecay) {
            this(learningRate, 0.9f, 0.999f, 1e-8f, weightDecay);
        }

        @Override
        public Updater start(int parameterCount) {
            return new AdamUpdater(parameterCount, beta1, beta2, epsilon, weightDecay);
        }

        @Override
        public String describe() {
            return "AdamW(lr " + learningRate + ", β " + beta1 + "/" + beta2 + ", ε " + epsilon
                    + ", weight decay " + weightDecay + ")";
        }
    }

    private static void checkLearningRate(float learningRate) {
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, got "
                    + learningRate);
        }
    }

    private static void checkAdam(float learningRate, float beta1, float beta2, float epsilon) {
        checkLearningRate(learningRate);
        if (!(beta1 >= 0f && beta1 < 1f)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0f) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a positive finite number, got " + epsilon);
        }
    }

    // Each rule calls its kernel from vmlp.kernel.Kernels on [from, to). The kernels can also add a
    // coupled L2 term (g + λ·p); this package never asks for it (weight decay 0, or AdamW's decoupled
    // form), because L2 on the weights only is added to the gradient before the update (ShardedStep).

    /** No state: {@code θ ← θ − η·g} through {@link Kernels#sgdUpdate} (no L2 there). */
    final class SgdUpdater extends Updater {
        SgdUpdater(int parameterCount) {
            super(parameterCount, 0);
        }

        @Override
        public void update(Kernels kernels, float[] params, float[] grads, float learningRate, int from, int to) {
            kernels.sgdUpdate(to - from, learningRate, 0f, params, from, grads, from);
        }
    }

    /** The velocity {@code v}, through {@link Kernels#sgdMomentumUpdate} (no L2 there). */
    final class MomentumUpdater extends Updater {
        private final float momentum;
        private final boolean nesterov;

        MomentumUpdater(int parameterCount, float momentum, boolean nesterov) {
            super(parameterCount, 1);
            this.momentum = momentum;
            this.nesterov = nesterov;
        }

        @Override
        public void update(Kernels kernels, float[] params, float[] grads, float learningRate, int from, int to) {
            kernels.sgdMomentumUpdate(to - from, learningRate, momentum, nesterov, 0f,
                    params, from, grads, from, state[0], from);
        }
    }

    /**
     * The first and second moments {@code m}, {@code v}, through {@link Kernels#adamUpdate};
     * decoupled decay when λ &gt; 0 (AdamW), never the kernel's coupled L2.
     */
    final class AdamUpdater extends Updater {
        private final float beta1;
        private final float beta2;
        private final float epsilon;
        private final float weightDecay;
        /** {@code 1 − β₁ᵗ} and {@code 1 − β₂ᵗ} for the current step, computed in double. */
        private float correction1;
        private float correction2;

        AdamUpdater(int parameterCount, float beta1, float beta2, float epsilon, float weightDecay) {
            super(parameterCount, 2);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            this.weightDecay = weightDecay;
        }

        @Override
        public void beginStep() {
            super.beginStep();
            corrections();
        }

        @Override
        public void restore(Snapshot snapshot) {
            super.restore(snapshot);
            corrections();
        }

        private void corrections() {
            correction1 = (float) (1 - Math.pow(beta1, steps));
            correction2 = (float) (1 - Math.pow(beta2, steps));
        }

        @Override
        public void update(Kernels kernels, float[] params, float[] grads, float learningRate, int from, int to) {
            // θ ← θ − η·(m̂ / (√v̂ + ε) + λ·θ): the decay term uses θ before this step, which equals
            // PyTorch's θ·(1 − η·λ) followed by the Adam step (the Adam step does not read θ)
            kernels.adamUpdate(to - from, learningRate, beta1, beta2, epsilon, weightDecay, true,
                    correction1, correction2, params, from, grads, from, state[0], from, state[1], from);
        }
    }
}
