package vmlp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link KernelsProvider} honours {@code -Dvmlp.kernels} (tested through its package-private chooser). */
class KernelsProviderTest {

    @Test
    void scalarIsChosenWhenForced() {
        KernelsProvider.Choice choice = KernelsProvider.choose("scalar");
        assertInstanceOf(ScalarKernels.class, choice.kernels());
        assertEquals("scalar", choice.kernels().name());
        assertTrue(choice.reason().contains("vmlp.kernels=scalar"), choice.reason());
    }

    @Test
    void vectorIsChosenWhenForcedWhateverTheCaseAndSpaces() {
        // surefire starts the JVM with --add-modules jdk.incubator.vector, so vector can run here
        KernelsProvider.Choice choice = KernelsProvider.choose(" Vector ");
        assertInstanceOf(VectorKernels.class, choice.kernels());
        assertEquals("vector", choice.kernels().name());
        assertTrue(choice.reason().contains(VectorKernels.preferredLanes() + " float lanes"), choice.reason());
    }

    @Test
    void vectorIsChosenByDefaultWhereTheModuleIsReadable() {
        assertInstanceOf(VectorKernels.class, KernelsProvider.choose(null).kernels());
        assertInstanceOf(VectorKernels.class, KernelsProvider.choose("").kernels());
    }

    @Test
    void anUnknownValueIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelsProvider.choose("avx9000"));
        assertTrue(e.getMessage().contains("avx9000"), e.getMessage());
        assertTrue(e.getMessage().contains("scalar, vector"), e.getMessage());
    }
}
