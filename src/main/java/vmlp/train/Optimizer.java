package vmlp.train;

import vmlp.kernel.Kernels;

/**
 * How parameters move against their gradient. An optimiser is an immutable description (a
 * record); {@link #start} makes the per-run state (velocities, moments) for one parameter array.
 */
public sealed interface Optimizer permits Optimizer.Sgd {

    /** Fresh state for a run over {@code parameterCount} parameters. */
    Updater start(int parameterCount);

    /** Applies one step to the parameters; holds whatever state the optimiser keeps between steps. */
    interface Updater {
        /** {@code params ← step(params, grads)}, where {@code grads} is the mean gradient of a batch. */
        void update(Kernels kernels, float[] params, float[] grads);
    }

    /** Plain gradient descent: {@code θ ← θ − η·∇L}. */
    record Sgd(float learningRate) implements Optimizer {
        public Sgd {
            if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be a positive finite number, got "
                        + learningRate);
            }
        }

        @Override
        public Updater start(int parameterCount) {
            return (kernels, params, grads) -> kernels.axpy(params.length, -learningRate, grads, 0, params, 0);
        }
    }
}
