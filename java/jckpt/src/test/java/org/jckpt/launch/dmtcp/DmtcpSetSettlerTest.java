package org.jckpt.launch.dmtcp;

import static org.testng.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jckpt.engine.dmtcp.ImageStaging;
import org.jckpt.engine.dmtcp.SetAssembler;
import org.jckpt.job.EngineType;
import org.jckpt.store.CheckpointSet;
import org.jckpt.store.FileModes;
import org.jckpt.store.SetFiles;
import org.jckpt.store.SetNaming;
import org.testng.annotations.Test;

/** The launcher settles the sets its job commits, and leaves earlier runs' sets alone until then. */
public class DmtcpSetSettlerTest {
    private static final CheckpointSet.Program HEAT = new CheckpointSet.Program("Heat", List.of(), "", Map.of());

    @Test
    public void setsOfEarlierRunsStayUntilThisRunCommitsOneThenRetentionApplies() throws Exception {
        SetNaming naming = new SetNaming(Files.createTempDirectory("settle"), "heat");
        commit(naming, 0);
        commit(naming, 1);
        SetAssembler assembler = new SetAssembler(new ImageStaging(naming.dir(), FileModes.OWNER_ONLY), naming, HEAT, 1, 1);

        DmtcpSetSettler settler = new DmtcpSetSettler(naming, assembler, DmtcpSetSettler.newestTag(naming));
        Thread.sleep(500);
        assertEquals(naming.setTags(), new TreeSet<>(List.of(0, 1)), "nothing of this run settled yet: keep=1 not applied");

        commit(naming, 2);
        settler.close();
        assertEquals(naming.setTags(), new TreeSet<>(List.of(2)));
        assertEquals(Files.exists(naming.taskFile(0, 1)), false, "pruned whole");
    }

    private static void commit(SetNaming naming, int tag) throws Exception {
        Path image = naming.taskFile(0, tag);
        Files.write(image, new byte[] {(byte) tag});
        CheckpointSet.FileEntry entry = new CheckpointSet.FileEntry("0", image.getFileName().toString(), 1, "00000000");
        SetFiles.commit(naming.setFile(tag), new CheckpointSet(SetFiles.FORMAT, EngineType.DMTCP.id(), HEAT, 1, List.of("h"), tag,
                "now", List.of(entry), Map.of()), FileModes.OWNER_ONLY);
    }
}
