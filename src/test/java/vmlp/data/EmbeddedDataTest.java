package vmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmbeddedDataTest {

    @Test
    void digitsLoadAs1797RowsOf64PixelsIn10Classes() {
        Dataset digits = EmbeddedData.digits();
        assertEquals(1797, digits.rows());
        assertEquals(64, digits.cols());
        assertEquals(10, digits.classes());
        int[] counts = new int[10];
        for (int label : digits.labels()) {
            counts[label]++;
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(counts[c] >= 170 && counts[c] <= 190, "class " + c + " has " + counts[c] + " rows");
        }
        for (float v : digits.features()) {
            assertTrue(v >= 0 && v <= 16 && v == Math.rint(v), "pixel " + v);
        }
        // the first image is a 0 (sklearn's digits.images[0])
        assertEquals(0, digits.labels()[0]);
        assertEquals(5f, digits.features()[2]);
    }
}
