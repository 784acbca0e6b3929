package org.jckpt.engine.dmtcp;

import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/** A JVM that was not started by dmtcp_launch: the bridge loads, and says plainly that DMTCP is absent. */
public class WithoutDmtcpTest {

    @BeforeMethod
    public void bindToThisProcess() {
        NativeLibrary.load();
        DmtcpNative.bind(null); // Undoes any binding to the stand-in by another test class in this JVM.
    }

    @Test
    public void theBridgeLoadsAndFindsNoDmtcpFunction() {
        assertTrue(DmtcpNative.bind(null) == 0, "DMTCP functions found in a plain JVM");
        assertFalse(DmtcpNative.isEnabled());
    }

    @Test
    public void dmtcpIsUnavailableAndSaysWhy() {
        assertFalse(Dmtcp.isAvailable());
        assertTrue(Dmtcp.unavailabilityCause().getMessage().contains("not running under DMTCP"),
                Dmtcp.unavailabilityCause().getMessage());
    }

    @Test
    public void aCheckpointRequestFailsWithNotRunningUnderDmtcp() {
        DmtcpNotRunningException e = expectThrows(DmtcpNotRunningException.class, DmtcpNative::checkpoint);
        assertTrue(e.getMessage().contains("dmtcp_checkpoint: not running under DMTCP"), e.getMessage());
    }

    @Test
    public void theDmtcpEngineRefusesToStart() {
        // ensureAvailability comes before any use of the arguments.
        DmtcpException e = expectThrows(DmtcpException.class, () -> new DmtcpEngine(null, null, null, null, null));
        assertTrue(e.getMessage().contains("not running under DMTCP"), e.getMessage());
    }

    @Test
    public void everyQueryNamesTheMissingFunction() {
        assertTrue(expectThrows(DmtcpNotRunningException.class, DmtcpNative::localStatus).getMessage()
                .startsWith("dmtcp_get_local_status:"));
        assertTrue(expectThrows(DmtcpNotRunningException.class, DmtcpNative::checkpointDir).getMessage()
                .startsWith("dmtcp_get_ckpt_dir:"));
        assertTrue(expectThrows(DmtcpNotRunningException.class, DmtcpNative::uniquePid).getMessage()
                .startsWith("dmtcp_get_uniquepid_str:"));
    }
}
