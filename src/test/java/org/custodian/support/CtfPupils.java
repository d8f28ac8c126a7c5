package org.custodian.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Consumer;

import org.custodian.misimport.internal.CtfReader;
import org.custodian.misimport.internal.ImportLimits;
import org.custodian.misimport.internal.PupilSource;
import org.custodian.misimport.internal.SourcePupil;
import org.custodian.pupils.PupilData;

/**
 * The pupils of a CTF exactly as the importer's reader parses them, without the import's checks, for
 * a baseline that must handle the same rows as the import it is compared with. Tests reach the MIS
 * import module's reader only here.
 */
public final class CtfPupils {

    /** The default limits but the file size's: a benchmark's file may be larger than an upload may. */
    private static final ImportLimits UNLIMITED_SIZE = new ImportLimits(Long.MAX_VALUE,
            ImportLimits.DEFAULTS.maxDepth(), ImportLimits.DEFAULTS.maxTextLength(), ImportLimits.DEFAULTS.maxAttributes());

    private CtfPupils() {
    }

    /** Hands each pupil of {@code file} to {@code pupils}, in file order, one at a time. */
    public static void forEach(Path file, LocalDate today, Consumer<PupilData> pupils) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             PupilSource source = CtfReader.open(in, UNLIMITED_SIZE, today)) {
            source.header();
            for (SourcePupil pupil = source.next(); pupil != null; pupil = source.next()) {
                pupils.accept(pupil.data());
            }
        }
    }
}
