package org.jckpt.engine.dmtcp;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/** jckpt's JNI glue against the stand-in library: lookups, code mapping, results. Proves the glue, not DMTCP. */
public class BridgeGlueTest {
    private int found;

    @BeforeMethod
    public void bindToTheStandIn() {
        found = FakeDmtcp.bind();
    }

    @Test
    public void everyDmtcpFunctionIsResolvedFromTheGivenLibrary() {
        assertEquals(found, 6);
        assertTrue(DmtcpNative.isEnabled());
        assertEquals(DmtcpNative.uniquePid(), "fake-1-2");
    }

    @Test
    public void aLibraryThatCannotBeOpenedIsReportedWithTheLoadersReason() {
        DmtcpException e = expectThrows(DmtcpException.class, () -> DmtcpNative.bind("/nonexistent/libdmtcp.so"));
        assertEquals(e.code(), DmtcpNative.BIND_FAILED);
        assertTrue(e.getMessage().contains("/nonexistent/libdmtcp.so") && e.getMessage().contains("No such file"),
                e.getMessage());
    }

    @Test
    public void isEnabledFollowsDmtcp() {
        FakeDmtcp.set(0, FakeDmtcp.AFTER_CHECKPOINT, FakeDmtcp.IS_PRESENT);
        assertFalse(DmtcpNative.isEnabled());
    }

    @Test
    public void checkpointTellsResumedFromRestarted() {
        LocalStatus before = DmtcpNative.localStatus();
        assertEquals(DmtcpNative.checkpoint(), Snapshot.RESUMED);
        assertEquals(DmtcpNative.localStatus(), new LocalStatus(before.checkpoints() + 1, before.restarts()));
        FakeDmtcp.set(1, FakeDmtcp.AFTER_RESTART, FakeDmtcp.IS_PRESENT);
        assertEquals(DmtcpNative.checkpoint(), Snapshot.RESTARTED);
        assertEquals(DmtcpNative.localStatus().since(before), Snapshot.RESTARTED);
    }

    @Test
    public void notPresentMapsToNotRunningUnderDmtcp() {
        FakeDmtcp.set(1, FakeDmtcp.NOT_PRESENT, FakeDmtcp.NOT_PRESENT);
        assertTrue(expectThrows(DmtcpNotRunningException.class, DmtcpNative::checkpoint).getMessage()
                .contains("not running under DMTCP"));
        expectThrows(DmtcpNotRunningException.class, DmtcpNative::localStatus);
    }

    @Test
    public void anyOtherCodeIsAFailureCarryingDmtcpsCode() {
        FakeDmtcp.set(1, -7, FakeDmtcp.IS_PRESENT);
        DmtcpException e = expectThrows(DmtcpException.class, DmtcpNative::checkpoint);
        assertFalse(e instanceof DmtcpNotRunningException);
        assertEquals(e.code(), -7);
        assertEquals(e.getMessage(), "dmtcp_checkpoint failed (DMTCP code -7)");
    }

    @Test
    public void bothCountersArriveIntact() {
        for (int i = 0; i < 3; i++) {
            FakeDmtcp.simulate(true);
        }
        LocalStatus s = DmtcpNative.localStatus();
        FakeDmtcp.simulate(false);
        assertEquals(DmtcpNative.localStatus(), new LocalStatus(s.checkpoints() + 1, s.restarts()));
        assertTrue(s.restarts() >= 3);
    }

    @Test
    public void checkpointDirectoryAndPeersAreDmtcps() {
        assertEquals(DmtcpNative.checkpointDir(), "/tmp");
        assertEquals(DmtcpNative.coordinatorPeers(), 3);
    }
}
