package org.custodian.misimport.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;

/**
 * Sits between the decoder and the CSV parser and watches every character with a small RFC 4180
 * state machine, so a hostile file is refused before the parser buffers it: a field longer than
 * {@code maxFieldChars} ({@code value-too-long}, at the line where the field starts) or a row with
 * more than {@code maxCells} cells ({@code too-many-cells}). Field lengths count content characters
 * (a doubled quote inside quotes is one), so the limit is exact for well-formed files. It also
 * counts physical lines to place a {@code mixed-encoding} refusal on the line of the bad bytes.
 */
final class CsvGuard extends Reader {

    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

    private final Reader in;
    private final int maxFieldChars;
    private final int maxCells;
    private final char separator;
    private State state = State.FIELD_START;
    private long line = 1;
    private boolean lastWasCr;
    private long fieldLine = 1;
    private long fieldChars;
    private int cells = 1;

    CsvGuard(Reader in, int maxFieldChars, int maxCells) {
        this(in, maxFieldChars, maxCells, ',');
    }

    CsvGuard(Reader in, int maxFieldChars, int maxCells, char separator) {
        this.in = in;
        this.maxFieldChars = maxFieldChars;
        this.maxCells = maxCells;
        this.separator = separator;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(cbuf, off, len);
        } catch (CharacterCodingException e) {
            throw new ImportRefusedException("mixed-encoding", "line " + line,
                    "The file was read as UTF-8 but has bytes here that are not UTF-8 (mixed encodings); "
                            + "save the whole file as \"CSV UTF-8\".");
        }
        for (int i = off; i < off + n; i++) {
            see(cbuf[i]);
        }
        return n;
    }

    private void see(char c) {
        boolean newline = c == '\r' || c == '\n';
        switch (state) {
            case FIELD_START -> {
                fieldLine = line;
                fieldChars = 0;
                if (c == '"') {
                    state = State.QUOTED;
                } else {
                    endOrCount(c, newline);
                }
            }
            case UNQUOTED -> endOrCount(c, newline);
            case QUOTED -> {
                if (c == '"') {
                    state = State.QUOTE_IN_QUOTED;
                } else {
                    count();
                }
            }
            case QUOTE_IN_QUOTED -> {
                if (c == '"') {
                    state = State.QUOTED;
                    count();
                } else {
                    endOrCount(c, newline);
                }
            }
        }
        // CR, LF and CRLF each end one physical line (as the parser counts them).
        if (c == '\r' || (c == '\n' && !lastWasCr)) {
            line++;
        }
        lastWasCr = c == '\r';
    }

    /** Outside quotes: a comma ends the field, a line break the row; anything else is content. */
    private void endOrCount(char c, boolean newline) {
        if (c == separator) {
            state = State.FIELD_START;
            if (++cells > maxCells) {
                throw new ImportRefusedException("too-many-cells", "line " + fieldLine,
                        "A row has more than " + maxCells + " cells.");
            }
        } else if (newline) {
            state = State.FIELD_START;
            cells = 1;
        } else {
            state = State.UNQUOTED;
            count();
        }
    }

    private void count() {
        if (++fieldChars > maxFieldChars) {
            throw new ImportRefusedException("value-too-long", "line " + fieldLine,
                    "A value is longer than " + maxFieldChars + " characters.");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
