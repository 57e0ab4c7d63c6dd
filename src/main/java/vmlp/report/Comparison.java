package vmlp.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two runs side by side, benchmark by benchmark: the same benchmark with the same parameters is one
 * {@link Row}; what is only in the baseline is {@code removed}, only in the new run {@code added}.
 *
 * <p>A change counts as real when it is larger than the two runs' errors together:
 * {@code |after − before| > errorBefore + errorAfter}, JMH's 99.9% confidence half-widths. Two
 * intervals that do not overlap is a conservative test (it misses small real changes, it rarely
 * flags noise); a result without an error (fewer than three iterations) cannot be judged.
 *
 * @param baselineName how the report names the baseline (its path)
 * @param rows the benchmarks in both runs, in the new run's order
 * @param added in the new run only
 * @param removed in the baseline only
 */
public record Comparison(String baselineName, List<Row> rows, List<BenchmarkResult> added,
        List<BenchmarkResult> removed) {

    /** What a change amounts to. */
    public enum Verdict {
        FASTER("**faster**, beyond error"), SLOWER("**slower**, beyond error"), WITHIN_ERROR("within error"),
        NO_ERROR_ESTIMATE("no error estimate");

        private final String mark;

        Verdict(String mark) {
            this.mark = mark;
        }

        /** The words the report's table shows. */
        public String mark() {
            return mark;
        }
    }

    /** One benchmark configuration in both runs. */
    public record Row(BenchmarkResult before, BenchmarkResult after) {

        /** {@code (after − before) / before} in percent, of the scores as JMH reports them. */
        public double changePercent() {
            return (after.score() - before.score()) / before.score() * 100;
        }

        public Verdict verdict() {
            boolean sameUnit = before.unit().equals(after.unit());
            double b = sameUnit ? before.score() : before.secondsPerOp();
            double a = sameUnit ? after.score() : after.secondsPerOp();
            double errors = sameUnit ? before.error() + after.error()
                    : before.errorSecondsPerOp() + after.errorSecondsPerOp();
            if (Double.isNaN(errors)) {
                return Verdict.NO_ERROR_ESTIMATE;
            }
            if (Math.abs(a - b) <= errors) {
                return Verdict.WITHIN_ERROR;
            }
            boolean better = sameUnit && !after.lowerIsBetter() ? a > b : a < b;
            return better ? Verdict.FASTER : Verdict.SLOWER;
        }
    }

    /** Matches {@code after}'s results with {@code before}'s by benchmark and parameters. */
    public static Comparison of(BenchmarkResults before, BenchmarkResults after, String baselineName) {
        Map<String, BenchmarkResult> old = new LinkedHashMap<>();
        for (BenchmarkResult r : before.results()) {
            old.put(r.key() + " " + r.mode(), r);
        }
        List<Row> rows = new ArrayList<>();
        List<BenchmarkResult> added = new ArrayList<>();
        for (BenchmarkResult r : after.results()) {
            BenchmarkResult match = old.remove(r.key() + " " + r.mode());
            if (match == null) {
                added.add(r);
            } else {
                rows.add(new Row(match, r));
            }
        }
        return new Comparison(baselineName, List.copyOf(rows), List.copyOf(added), List.copyOf(old.values()));
    }
}
