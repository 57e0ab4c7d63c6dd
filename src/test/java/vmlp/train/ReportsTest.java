package vmlp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReportsTest {

    @Test
    void classificationReportCountsAndScoresByHand() {
        // true 0,0,1,1,2 ; predicted 0,1,1,1,0
        float[] p = {
            0.8f, 0.1f, 0.1f,
            0.3f, 0.6f, 0.1f,
            0.2f, 0.7f, 0.1f,
            0.1f, 0.5f, 0.4f,
            0.5f, 0.2f, 0.3f};
        ClassificationReport r = ClassificationReport.of(p, 5, 3, new int[] {0, 0, 1, 1, 2});
        assertArrayEquals(new int[] {1, 1, 0}, r.confusion()[0]);
        assertArrayEquals(new int[] {0, 2, 0}, r.confusion()[1]);
        assertArrayEquals(new int[] {1, 0, 0}, r.confusion()[2]);
        assertEquals(0.6, r.accuracy(), 1e-12);
        assertEquals(0.5, r.precision(0), 1e-12);
        assertEquals(0.5, r.recall(0), 1e-12);
        assertEquals(2.0 / 3, r.precision(1), 1e-12);
        assertEquals(1.0, r.recall(1), 1e-12);
        assertEquals(0.8, r.f1(1), 1e-6);
        assertEquals(0.0, r.f1(2), 0.0, "never predicted: precision, recall and F1 are 0");
        double logLoss = -(Math.log(0.8f) + Math.log(0.3f) + Math.log(0.7f) + Math.log(0.5f) + Math.log(0.3f)) / 5;
        assertEquals(logLoss, r.logLoss(), 1e-9);
    }

    @Test
    void oneSigmoidColumnIsTwoClasses() {
        ClassificationReport r = ClassificationReport.of(new float[] {0.9f, 0.2f, 0.6f}, 3, 1, new int[] {1, 0, 0});
        assertEquals(2, r.classes());
        assertEquals(2.0 / 3, r.accuracy(), 1e-12);
        assertEquals(-(Math.log(0.9f) + Math.log(1 - 0.2f) + Math.log(1 - 0.6f)) / 3, r.logLoss(), 1e-7);
    }

    @Test
    void aLabelTheModelCannotPredictIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationReport.of(new float[] {0.5f, 0.5f}, 1, 2, new int[] {4}));
        assertEquals("label 4 at row 0 is not one of the model's 2 classes", e.getMessage());
    }

    @Test
    void regressionReportByHand() {
        RegressionReport r = RegressionReport.of(new float[] {1, 2, 4}, new float[] {1, 3, 5}, 3, 1);
        assertEquals(2.0 / 3, r.mse(), 1e-12);
        assertEquals(2.0 / 3, r.mae(), 1e-12);
        assertEquals(1 - 2.0 / 8, r.r2(), 1e-12); // squared errors 0+1+1; (1-3)²+0+(5-3)² = 8 around the mean
    }
}
