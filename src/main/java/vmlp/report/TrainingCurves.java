package vmlp.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import vmlp.data.AtomicFile;
import vmlp.train.EpochStats;
import vmlp.train.History;

/**
 * Loss and accuracy against epochs, training and validation, as a PNG or SVG image (by the file's
 * extension), drawn with XChart. Written to a temporary file and renamed, like every output.
 */
public final class TrainingCurves {

    private TrainingCurves() {}

    /**
     * Draws {@code history} into {@code file} (.png or .svg): the loss on the left, the accuracy
     * (or, for regression, the mean absolute error) on the right.
     *
     * @throws IllegalArgumentException for another extension or an empty history
     */
    public static void write(History history, String title, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean svg = name.endsWith(".svg");
        if (!svg && !name.endsWith(".png")) {
            throw new IllegalArgumentException("--plot " + file + ": the image must be .png or .svg");
        }
        if (history.epochs().isEmpty()) {
            throw new IllegalArgumentException("no epoch to plot");
        }
        System.setProperty("java.awt.headless", "true");
        List<EpochStats> epochs = history.epochs();
        boolean classification = !Double.isNaN(epochs.getFirst().accuracy());
        XYChart loss = chart(title + ": loss", "loss");
        series(loss, "training", epochs, EpochStats::loss);
        series(loss, "validation", epochs, EpochStats::validationLoss);
        XYChart quality = chart(title + (classification ? ": accuracy" : ": mean absolute error"),
                classification ? "accuracy" : "MAE");
        series(quality, "training", epochs, classification ? EpochStats::accuracy : EpochStats::mae);
        series(quality, "validation", epochs,
                classification ? EpochStats::validationAccuracy : EpochStats::validationMae);

        if (svg) {
            // XChart draws one chart per SVG: the loss here, the accuracy (or MAE) in a second file beside it
            writeAtomically(file, temp -> VectorGraphicsEncoder.saveVectorGraphic(loss, temp,
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
            writeAtomically(file.resolveSibling(stem(file) + "-" + (classification ? "accuracy" : "mae") + ".svg"),
                    temp -> VectorGraphicsEncoder.saveVectorGraphic(quality, temp,
                            VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        } else {
            writeAtomically(file, temp -> BitmapEncoder.saveBitmap(List.of(loss, quality), 1, 2, temp,
                    BitmapEncoder.BitmapFormat.PNG));
        }
    }

    private interface ImageWriter {
        void write(String temp) throws IOException;
    }

    /** Writes through a temporary file in the same folder, then renames it into place. */
    private static void writeAtomically(Path target, ImageWriter writer) throws IOException {
        try (AtomicFile out = AtomicFile.create(target)) {
            writer.write(out.temp().toString());
            out.commit();
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    private static void series(XYChart chart, String name, List<EpochStats> epochs, ToDoubleFunction<EpochStats> value) {
        List<Integer> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (EpochStats e : epochs) {
            double v = value.applyAsDouble(e);
            if (Double.isFinite(v)) {
                x.add(e.epoch());
                y.add(v);
            }
        }
        if (!x.isEmpty()) {
            XYSeries s = chart.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
    }
}
