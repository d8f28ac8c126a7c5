package org.custodian.misimport.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for the CTF reader: bytes that are not UTF-8 are a {@link Fault}, never silently
 * replaced with U+FFFD, and the fault knows the line and column it was found at (counted here,
 * since the XML parser only sees characters). A file that ends inside a multi-byte character is
 * reported as truncated rather than as not UTF-8.
 *
 * <p>It also bounds the longest run of characters without white space, {@code <} or {@code >}:
 * Woodstox limits text and attribute values but not the length of element and attribute names,
 * which it buffers whole, so one huge name could exhaust the heap.
 */
final class CtfUtf8Reader extends Reader {

    /** Bytes that cannot be decoded. The message holds only the code and place, never the bytes. */
    static final class Fault extends IOException {

        private final String code;
        private final String location;

        Fault(String code, String location) {
            super(code + " at " + location);
            this.code = code;
            this.location = location;
        }

        String code() {
            return code;
        }

        String location() {
            return location;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 14).flip();
    private boolean endOfInput;
    private boolean flushed;
    private String pendingFault;
    private long line = 1;
    private long column = 1;
    private boolean afterCarriageReturn;
    private int carry = -1;

    private final long maxRun;
    private long run;

    /** {@code maxRun}: the longest run of characters without white space, {@code <} or {@code >}. */
    CtfUtf8Reader(InputStream in, long maxRun) {
        this.in = in;
        this.maxRun = maxRun;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (carry >= 0) {
            buffer[offset] = (char) carry;
            carry = -1;
            return 1; // already counted with its pair
        }
        if (pendingFault != null) {
            throw new Fault(pendingFault, location());
        }
        if (length == 1) {
            return readOneOfPair(buffer, offset);
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (out.position() == offset) {
            if (flushed) {
                return -1;
            }
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            if (result.isError()) {
                pendingFault = cutShort(result) ? "truncated" : "not-utf8";
                break;
            }
            if (out.position() > offset || result.isOverflow()) {
                break;
            }
            if (endOfInput) {
                decoder.flush(out);
                flushed = true;
            } else {
                fill();
            }
        }
        int produced = out.position() - offset;
        if (produced == 0) {
            throw new Fault(pendingFault, location());
        }
        count(buffer, offset, produced);
        if (run > maxRun) {
            pendingFault = "value-too-long";
            throw new Fault(pendingFault, location());
        }
        return produced;
    }

    /** A caller asking for one char may meet a surrogate pair: decode both, hand over the second next time. */
    private int readOneOfPair(char[] buffer, int offset) throws IOException {
        char[] pair = new char[2];
        int read = read(pair, 0, 2);
        if (read <= 0) {
            return read;
        }
        buffer[offset] = pair[0];
        if (read == 2) {
            carry = pair[1];
        }
        return 1;
    }

    /** True when the bad bytes are the start of a character and the file ends inside it. */
    private boolean cutShort(CoderResult result) {
        if (!endOfInput || result.length() != bytes.remaining()) {
            return false;
        }
        int lead = bytes.get(bytes.position()) & 0xFF;
        return lead >= 0xC2 && lead <= 0xF4;
    }

    private void fill() throws IOException {
        bytes.compact();
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (read < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + read);
        }
        bytes.flip();
    }

    private void count(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            if (c == '\r' || (c == '\n' && !afterCarriageReturn)) {
                line++;
                column = 1;
            } else if (c != '\n') {
                column++;
            }
            afterCarriageReturn = c == '\r';
            run = c <= ' ' || c == '<' || c == '>' ? 0 : run + 1;
        }
    }

    private String location() {
        return "line " + line + ", column " + column;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
