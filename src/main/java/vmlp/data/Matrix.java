package vmlp.data;

import java.util.Objects;

/**
 * A row-major {@code rows × cols} matrix of floats with no targets: inputs to run through a model
 * (a 1-D array read from a file is {@code n × 1}).
 */
public record Matrix(float[] values, int rows, int cols) {

    /** @throws IllegalArgumentException when {@code values} does not hold exactly {@code rows × cols} */
    public Matrix {
        Objects.requireNonNull(values, "values");
        if (rows < 0 || cols < 0 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException(values.length + " values are not " + rows + " × " + cols);
        }
    }
}
