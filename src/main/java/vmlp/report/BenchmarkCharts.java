package vmlp.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import vmlp.data.AtomicFile;

/** The report's charts, drawn with XChart as PNG; a chart without data is not drawn. */
final class BenchmarkCharts {

    private BenchmarkCharts() {}

    /** Draws every chart there are results for into {@code dir}; returns their file names. */
    static List<String> write(BenchmarkResults results, ReportRenderer.Peak peak, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<BenchmarkResult> products = results.results().stream()
                .filter(r -> r.param("impl") != null && Workload.of(r).kind() == Workload.Kind.FLOP).toList();
        List<String> written = new ArrayList<>();
        if (!products.isEmpty()) {
            save(implChart(products), dir.resolve(ReportRenderer.IMPL_CHART));
            written.add(ReportRenderer.IMPL_CHART);
        }
        List<BenchmarkResult> gemms = products.stream().filter(r -> r.className().equals("GemmBenchmark")).toList();
        if (!gemms.isEmpty()) {
            save(sizeChart(gemms, peak), dir.resolve(ReportRenderer.SIZE_CHART));
            written.add(ReportRenderer.SIZE_CHART);
        }
        List<BenchmarkResult> threaded = results.results().stream()
                .filter(r -> r.param("impl") == null && r.param("threads") != null
                        && !Double.isNaN(Workload.rate(r)) && parseThreads(r) > 0).toList();
        if (!threaded.isEmpty()) {
            save(threadsChart(threaded), dir.resolve(ReportRenderer.THREADS_CHART));
            written.add(ReportRenderer.THREADS_CHART);
        }
        return written;
    }

    /** A bar per implementation for each product configuration, GFLOP/s on a log axis. */
    private static CategoryChart implChart(List<BenchmarkResult> products) {
        Map<String, Map<String, Double>> byImpl = new LinkedHashMap<>();   // impl -> category -> GFLOP/s
        List<String> categories = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        for (BenchmarkResult r : products) {
            String category = (r.method() + " " + ReportRenderer.params(r, k -> !k.equals("impl")))
                    .replace("form=", "").replace("shape=", "");
            if (!categories.contains(category)) {
                categories.add(category);
            }
            double rate = Workload.rate(r);
            byImpl.computeIfAbsent(r.param("impl"), i -> new LinkedHashMap<>()).put(category, rate);
            min = Math.min(min, rate);
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(800, 70 * categories.size() + 200))
                .height(520).title("vector vs scalar vs native, by shape").xAxisTitle("product")
                .yAxisTitle("GFLOP/s (log scale)").build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));   // bars start at a power of ten
        chart.getStyler().setXAxisLabelRotation(45);
        for (String impl : ReportRenderer.impls(products)) {
            Map<String, Double> rates = byImpl.get(impl);
            List<Double> y = categories.stream().map(rates::get).toList();   // null: no bar
            chart.addSeries(impl, categories, y);
        }
        return chart;
    }

    /** GFLOP/s against 2·m·n·k, a series per implementation, and the run's peak as a horizontal line. */
    private static XYChart sizeChart(List<BenchmarkResult> gemms, ReportRenderer.Peak peak) {
        XYChart chart = new XYChartBuilder().width(800).height(520).title("GEMM GFLOP/s against size")
                .xAxisTitle("FLOP per product, 2·batch·inputs·outputs (log scale)").yAxisTitle("GFLOP/s (log scale)")
                .build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        double minX = Double.POSITIVE_INFINITY;
        double maxX = 0;
        double minY = Double.POSITIVE_INFINITY;
        for (String impl : ReportRenderer.impls(gemms)) {
            TreeMap<Double, List<Double>> points = new TreeMap<>();
            for (BenchmarkResult r : gemms) {
                if (impl.equals(r.param("impl"))) {
                    points.computeIfAbsent(Workload.of(r).perOp(), f -> new ArrayList<>()).add(Workload.rate(r));
                }
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            points.forEach((flop, rates) -> rates.forEach(rate -> {
                x.add(flop);
                y.add(rate);
            }));
            minX = Math.min(minX, points.firstKey());
            maxX = Math.max(maxX, points.lastKey());
            minY = Math.min(minY, y.stream().mapToDouble(Double::doubleValue).min().orElse(minY));
            chart.addSeries(impl, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        if (!Double.isNaN(peak.gflops())) {
            XYSeries line = chart.addSeries(String.format(java.util.Locale.ROOT,
                    "measured single-core peak: %.1f GFLOP/s (best vector result)", peak.gflops()),
                    List.of(minX / 2, maxX * 2), List.of(peak.gflops(), peak.gflops()));
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(SeriesLines.DASH_DASH);
            line.setLineColor(Color.DARK_GRAY);
        }
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(minY))));
        return chart;
    }

    /** Samples/s against threads, a line per benchmark configuration. */
    private static XYChart threadsChart(List<BenchmarkResult> threaded) {
        XYChart chart = new XYChartBuilder().width(800).height(520).title("throughput against threads")
                .xAxisTitle("threads").yAxisTitle("samples/s").build();
        style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        Map<String, TreeMap<Integer, Double>> series = new LinkedHashMap<>();
        for (BenchmarkResult r : threaded) {
            String name = (r.className().replace("Benchmark", "") + " "
                    + ReportRenderer.params(r, k -> !k.equals("threads"))).strip();
            series.computeIfAbsent(name, n -> new TreeMap<>()).put(parseThreads(r), Workload.rate(r));
        }
        series.forEach((name, points) -> chart.addSeries(name, new ArrayList<>(points.keySet()),
                new ArrayList<>(points.values())).setMarker(SeriesMarkers.CIRCLE));
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        return chart;
    }

    private static int parseThreads(BenchmarkResult r) {
        try {
            return Integer.parseInt(r.param("threads"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        try (AtomicFile out = AtomicFile.create(file)) {
            BitmapEncoder.saveBitmap(chart, out.temp().toString(), BitmapEncoder.BitmapFormat.PNG);
            out.commit();
        }
    }
}
