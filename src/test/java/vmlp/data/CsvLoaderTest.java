package vmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static void assertMessage(MalformedDataException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "\"" + e.getMessage() + "\" should contain \"" + part + "\"");
        }
    }

    @Test
    void aHeaderIsDetectedAndTheColumnNamedLabelIsTheLabelWherEverItIs() throws IOException {
        Path file = write("h.csv", "x0,label,x1\n1.5,2,-3\n\n  4 , 0 , 5e-1 \n");
        Dataset d = CsvLoader.defaults().classification(file);
        assertEquals(2, d.rows());
        assertEquals(2, d.cols());
        assertArrayEquals(new float[] {1.5f, -3f, 4f, 0.5f}, d.features());
        assertArrayEquals(new int[] {2, 0}, d.labels());
        assertEquals(3, d.classes());
    }

    @Test
    void withoutAHeaderTheFirstColumnIsTheLabelAndTheFirstLineIsData() throws IOException {
        Path file = write("n.csv", "1,0.5,0.25\n\n0,1.0,2.0\n");
        Dataset d = CsvLoader.defaults().classification(file);
        assertEquals(2, d.rows());
        assertArrayEquals(new int[] {1, 0}, d.labels());
        assertArrayEquals(new float[] {0.5f, 0.25f, 1f, 2f}, d.features());
    }

    @Test
    void theLabelCanBeChosenByNameOrByIndexAndTheHeaderForced() throws IOException {
        Path named = write("named.csv", "a,b,species\n1,2,3.0\n4,5,1\n");
        Dataset byName = CsvLoader.defaults().labelColumn("species").classification(named);
        assertArrayEquals(new int[] {3, 1}, byName.labels());
        assertArrayEquals(new float[] {1, 2, 4, 5}, byName.features());

        Dataset byIndex = CsvLoader.defaults().labelColumn(2).classification(named);
        assertArrayEquals(byName.features(), byIndex.features());

        // a header of numbers is only recognised when forced
        Path numericHeader = write("numeric.csv", "0,1,2\n7,8,9\n");
        assertEquals(1, CsvLoader.defaults().header(CsvLoader.Header.PRESENT).classification(numericHeader).rows());
        assertEquals(2, CsvLoader.defaults().classification(numericHeader).rows());
    }

    @Test
    void quotedFieldsSemicolonsAndAByteOrderMarkAreRead() throws IOException {
        Path file = write("q.csv", "\uFEFF\"the label\";\"width, cm\"\n\"1\";\"2.5\"\n");
        Dataset d = CsvLoader.defaults().delimiter(';').labelColumn("the label").classification(file);
        assertArrayEquals(new int[] {1}, d.labels());
        assertArrayEquals(new float[] {2.5f}, d.features());
    }

    @Test
    void aRegressionLoadKeepsTheTargetAsAFloat() throws IOException {
        Path file = write("r.csv", "x,y\n1,0.25\n2,-1.5\n");
        Dataset d = CsvLoader.defaults().labelColumn("y").regression(file);
        assertEquals(1, d.targetCols());
        assertArrayEquals(new float[] {0.25f, -1.5f}, d.targets());
        assertArrayEquals(new float[] {1, 2}, d.features());
    }

    @Test
    void aStreamIsLoadedUnderItsDisplayName() throws IOException {
        var in = new ByteArrayInputStream("label,x\n1,2\n0,x9\n".getBytes(StandardCharsets.UTF_8));
        var e = assertThrows(MalformedDataException.class, () -> CsvLoader.defaults().classification(in, "memory.csv"));
        assertMessage(e, "memory.csv line 3", "column 2 (x)", "\"x9\" is not a number");
        assertEquals(3, e.line());
        assertEquals("memory.csv", e.source());
    }

    @Test
    void aRaggedRowNamesTheFileTheLineAndTheFieldCounts() throws IOException {
        Path file = write("ragged.csv", "label,a,b,c\n1,2,3,4\n\n1,2,3,4,5\n");
        var e = assertThrows(MalformedDataException.class, () -> CsvLoader.defaults().classification(file));
        assertMessage(e, "ragged.csv line 4: 5 fields, expected 4");
    }

    @Test
    void aNonNumberNamesTheLineTheColumnItsHeaderAndTheText() throws IOException {
        Path file = write("bad.csv", "label,width,height\n0,1,2\n1,3,abc\n");
        var e = assertThrows(MalformedDataException.class, () -> CsvLoader.defaults().classification(file));
        assertMessage(e, "bad.csv line 3", "column 3 (height)", "\"abc\"");

        Path noHeader = write("bad2.csv", "0,1,2\n1,,2\n");
        var empty = assertThrows(MalformedDataException.class, () -> CsvLoader.defaults().classification(noHeader));
        assertMessage(empty, "bad2.csv line 2", "column 2", "empty");

        Path javaOnly = write("bad3.csv", "0,1,2\n1,2f,0x10\n");
        var suffix = assertThrows(MalformedDataException.class, () -> CsvLoader.defaults().classification(javaOnly));
        assertMessage(suffix, "bad3.csv line 2", "column 2", "\"2f\"");
    }

    @Test
    void anUnknownLabelColumnListsTheColumnsThereAre() throws IOException {
        Path file = write("cols.csv", "a,b,c\n1,2,3\n");
        var e = assertThrows(MalformedDataException.class,
                () -> CsvLoader.defaults().labelColumn("target").classification(file));
        assertMessage(e, "cols.csv", "\"target\"", "a, b, c");

        Path noHeader = write("plain.csv", "1,2,3\n");
        var byName = assertThrows(MalformedDataException.class,
                () -> CsvLoader.defaults().labelColumn("target").classification(noHeader));
        assertMessage(byName, "plain.csv", "no header");

        var outOfRange = assertThrows(MalformedDataException.class,
                () -> CsvLoader.defaults().labelColumn(3).classification(noHeader));
        assertMessage(outOfRange, "plain.csv", "index 3", "3 fields");
    }

    @Test
    void aNonIntegerOrNegativeClassLabelIsRejectedWithItsPlace() throws IOException {
        Path file = write("labels.csv", "label,x\n1,0\n2.5,1\n");
        var e = assertThrows(MalformedDataException.class, () -> CsvLoader.defaults().classification(file));
        assertMessage(e, "labels.csv line 3", "column 1 (label)", "\"2.5\" is not an integer");

        Path negative = write("negative.csv", "label,x\n-1,0\n");
        var n = assertThrows(MalformedDataException.class, () -> CsvLoader.defaults().classification(negative));
        assertMessage(n, "negative.csv line 2", "negative");

        // the same file is fine as regression
        assertEquals(2, CsvLoader.defaults().regression(file).rows());
    }

    @Test
    void anEmptyFileOrAHeaderWithoutRowsIsRejected() throws IOException {
        var empty = assertThrows(MalformedDataException.class,
                () -> CsvLoader.defaults().classification(write("empty.csv", "\n  \n")));
        assertMessage(empty, "empty.csv", "empty");
        var headerOnly = assertThrows(MalformedDataException.class,
                () -> CsvLoader.defaults().classification(write("header.csv", "label,x\n")));
        assertMessage(headerOnly, "header.csv", "no data rows");
        var oneColumn = assertThrows(MalformedDataException.class,
                () -> CsvLoader.defaults().classification(write("one.csv", "1\n2\n")));
        assertMessage(oneColumn, "one.csv line 1", "at least one feature");
    }

    @Test
    void featuresDropTheLabelColumnOnlyWhenThereIsOne(@TempDir Path dir) throws IOException {
        Path unlabelled = dir.resolve("inputs.csv");
        Files.writeString(unlabelled, "a,b\n1,2\n3,4\n");
        Matrix all = CsvLoader.defaults().features(unlabelled);
        assertEquals(2, all.rows());
        assertEquals(2, all.cols());
        assertArrayEquals(new float[] {1, 2, 3, 4}, all.values());

        Path labelled = dir.resolve("labelled.csv");
        Files.writeString(labelled, "x,label,y\n1,0,2\n3,1,4\n");
        assertArrayEquals(new float[] {1, 2, 3, 4}, CsvLoader.defaults().features(labelled).values());
        assertArrayEquals(new float[] {0, 2, 1, 4}, CsvLoader.defaults().labelColumn("x").features(labelled).values());

        Path noHeader = dir.resolve("plain.csv");
        Files.writeString(noHeader, "5\n6\n");
        assertArrayEquals(new float[] {5, 6}, CsvLoader.defaults().features(noHeader).values(),
                "one column without a header is one feature");
    }
}
