package vmlp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same training on the vector kernels gives the same bits whether the JVM interprets the
 * kernels or runs them compiled, at whatever tier. Measured before the fix, with
 * {@code lanewise(EXP/TANH)} and {@code reduceLanes(ADD)}: 300 identical trainings in one JVM ended
 * with 5 different sets of weights as C1 and C2 took over, and the interpreter's sum of lanes
 * differed from C2's. {@link TierProbe} runs in JVMs of its own, so that this test's JVM, already
 * warm, does not decide the tiers.
 */
class TierIndependenceTest {

    /** The fingerprints {@link TierProbe} printed, one per run. */
    private static List<String> probe(int runs, String... jvmFlags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.addAll(List.of(jvmFlags));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TierProbe.class.getName());
        command.add(Integer.toString(runs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
        return output.lines().filter(line -> line.matches("[0-9a-f]+ [0-9a-f]+")).toList();
    }

    @Test
    void vectorTrainingGivesTheSameBitsInterpretedAndAsTheJitWarmsUp() throws Exception {
        List<String> warming = probe(300);
        assertEquals(300, warming.size(), "one fingerprint per run: " + warming);
        assertEquals(List.of(warming.getFirst()), warming.stream().distinct().toList(),
                "300 identical trainings in one JVM, from interpreted to C2-compiled kernels");
        assertEquals(warming.getFirst(), probe(1, "-Xint").getFirst(), "the interpreter alone");
    }
}
