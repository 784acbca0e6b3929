package org.jckpt.launch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import java.util.Map;
import org.testng.annotations.Test;

/** {@code --mpi} and {@code --bindings}: the option, else the site's JCKPT_MPI and JCKPT_BINDINGS, else auto. */
public class ChoicesTest {
    private static final Map<String, String> SITE = Map.of("JCKPT_MPI", "mpich", "JCKPT_BINDINGS", "jckpt");

    @Test
    public void anOptionWinsOverTheEnvironment() {
        assertEquals(MpiChoice.of("openmpi", SITE), MpiChoice.OPENMPI);
        assertEquals(BindingChoice.of("OpenMPI", SITE), BindingChoice.OPENMPI);
        assertEquals(MpiChoice.of("auto", SITE), MpiChoice.AUTO);
    }

    @Test
    public void withoutAnOptionTheEnvironmentDecides() {
        assertEquals(MpiChoice.of(null, SITE), MpiChoice.MPICH);
        assertEquals(BindingChoice.of(null, SITE), BindingChoice.JCKPT);
    }

    @Test
    public void withNeitherItIsAuto() {
        assertEquals(MpiChoice.of(null, Map.of()), MpiChoice.AUTO);
        assertEquals(BindingChoice.of(null, Map.of("JCKPT_BINDINGS", "")), BindingChoice.AUTO);
    }

    @Test
    public void aBadValueIsNamedWithWhereItCameFrom() {
        assertEquals(expectThrows(IllegalArgumentException.class, () -> MpiChoice.of("lam", SITE)).getMessage(),
                "unknown --mpi 'lam' (auto, openmpi or mpich)");
        assertEquals(expectThrows(IllegalArgumentException.class, () -> MpiChoice.of(null, Map.of("JCKPT_MPI", "lam"))).getMessage(),
                "unknown JCKPT_MPI 'lam' (auto, openmpi or mpich)");
        assertEquals(expectThrows(IllegalArgumentException.class, () -> BindingChoice.of(null, Map.of("JCKPT_BINDINGS", "mine")))
                .getMessage(), "unknown JCKPT_BINDINGS 'mine' (auto, openmpi or jckpt)");
        assertEquals(BindingChoice.of("jckpt", Map.of("JCKPT_BINDINGS", "mine")), BindingChoice.JCKPT);
    }
}
