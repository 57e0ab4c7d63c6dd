package vmlp.data;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Small data sets shipped inside the jar, for demos and tests that must not touch the network.
 *
 * <p>{@link #digits()}: the UCI "Optical Recognition of Handwritten Digits" test set as scikit-learn
 * ships it ({@code load_digits}): 1797 images of 8 × 8 pixels with values 0 to 16, row-major
 * (columns {@code pixel_r_c}), and their digit 0 to 9. Licence: BSD-3-Clause, as distributed with
 * scikit-learn; source: E. Alpaydin and C. Kaynak, UCI Machine Learning Repository.
 */
public final class EmbeddedData {

    private static final String DIGITS = "/vmlp/data/digits.csv";

    private EmbeddedData() {}

    /** The digits: 1797 rows × 64 features (pixels 0 to 16, unscaled), 10 classes. A new copy each call. */
    public static Dataset digits() {
        try {
            return CsvLoader.defaults().header(CsvLoader.Header.PRESENT).labelColumn("label")
                    .classificationResource(EmbeddedData.class, DIGITS);
        } catch (IOException e) {
            throw new UncheckedIOException("the jar is missing its resource " + DIGITS, e);
        }
    }
}
