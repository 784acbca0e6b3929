package org.jckpt.store;

import java.nio.file.Path;
import org.jckpt.system.GentleIo;

/** Copies a file with the default options and prints what gentle I/O this JVM has: run in a JVM without JNA's native part. */
public final class GentleCopy {
    private GentleCopy() {
    }

    public static void main(String[] args) throws Exception {
        try (GentleFileWriter w = GentleFileWriter.create(Path.of(args[1]), FileModes.OWNER_ONLY, GentleFileWriter.Options.DEFAULT)) {
            w.copyFrom(Path.of(args[0]));
            w.force();
        }
        System.out.println(GentleIo.system().status());
    }
}
