package vmlp.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import vmlp.train.BatchStats;
import vmlp.train.EpochStats;

/**
 * Shows training as it goes: on a terminal, a progress bar per epoch (rows done, samples/s,
 * running loss, ETA) that leaves one summary line behind; otherwise (a pipe, a file, a test) one
 * plain line every few epochs.
 */
final class EpochProgress implements AutoCloseable {

    private final PrintWriter out;
    private final int epochs;
    private final long rowsPerEpoch;
    private final boolean terminal;
    private final int every;
    private ProgressBar bar;
    private double lossSum;
    private long rowsSeen;

    EpochProgress(PrintWriter out, int epochs, long rowsPerEpoch, boolean terminal) {
        this.out = out;
        this.epochs = epochs;
        this.rowsPerEpoch = rowsPerEpoch;
        this.terminal = terminal;
        this.every = Math.max(1, epochs / 10);
    }

    /** Whether standard output is an interactive terminal (then progress bars are drawn). */
    static boolean stdoutIsTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    void onBatch(BatchStats b) {
        if (!terminal) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", b.epoch(), epochs))
                    .setInitialMax(rowsPerEpoch).setUnit(" rows", 1).showSpeed()
                    .setStyle(ProgressBarStyle.ASCII).continuousUpdate()
                    .setConsumer(new ConsoleProgressBarConsumer(System.out)).build();
            lossSum = 0;
            rowsSeen = 0;
        }
        lossSum += b.loss() * b.rows();
        rowsSeen += b.rows();
        bar.stepBy(b.rows());
        bar.setExtraMessage(String.format(Locale.ROOT, "  loss %.4f", lossSum / rowsSeen));
    }

    void onEpoch(EpochStats e) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        if (terminal || e.epoch() == 1 || e.epoch() % every == 0 || e.epoch() == epochs) {
            out.println(line(e));
            out.flush();
        }
    }

    private static String line(EpochStats e) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %4d   loss %.4f", e.epoch(), e.loss()));
        if (!Double.isNaN(e.accuracy())) {
            s.append(String.format(Locale.ROOT, "   acc %.4f", e.accuracy()));
        }
        if (e.hasValidation()) {
            s.append(String.format(Locale.ROOT, "   val loss %.4f", e.validationLoss()));
            if (!Double.isNaN(e.validationAccuracy())) {
                s.append(String.format(Locale.ROOT, "   val acc %.4f", e.validationAccuracy()));
            }
        }
        return s.append(String.format(Locale.ROOT, "   %,.0f samples/s", e.samplesPerSecond())).toString();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
