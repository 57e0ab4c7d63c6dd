package vmlp.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code vmlp} command: its exit code and what it printed. */
record Run(int exitCode, String out, String err) {

    /** Runs {@code vmlp args...} through {@link Main#run}, capturing both streams. */
    static Run vmlp(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }
}
