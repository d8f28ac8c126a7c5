package org.custodian.misimport.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decides a CSV file's character set and decodes it. MIS exports come as UTF-8 (with or without a
 * byte order mark), as Windows-1252 (Excel's "CSV" on Windows) or as UTF-16 (Excel's "Unicode
 * Text", with a byte order mark or recognised by its zero bytes). The first {@code probeBytes}
 * are buffered and strictly decoded as UTF-8: if they are valid (or a UTF-8 BOM is present) the
 * file is UTF-8, otherwise Windows-1252. The decision is then held to: in a UTF-8 file a malformed
 * sequence after the probe throws {@link java.nio.charset.MalformedInputException} (the caller
 * refuses the file as {@code mixed-encoding}), so a late Windows-1252 byte is never guessed at.
 */
final class CsvDecoding {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private CsvDecoding() {
    }

    /** The decided charset and a reader over the whole file (byte order mark removed). */
    record Decoded(Charset charset, Reader reader) {
    }

    static Decoded open(InputStream in, int probeBytes) throws IOException {
        byte[] prefix = in.readNBytes(probeBytes);
        if (prefix.length == 0) {
            throw new ImportRefusedException("empty-file", null, "The file is empty.");
        }
        Charset utf16 = startsWith(prefix, 0xFF, 0xFE) ? StandardCharsets.UTF_16LE
                : startsWith(prefix, 0xFE, 0xFF) ? StandardCharsets.UTF_16BE : utf16WithoutMark(prefix);
        if (utf16 != null) {
            // Excel's "Unicode Text": UTF-16 (little-endian on Windows), usually tab-separated.
            int mark = startsWith(prefix, 0xFF, 0xFE) || startsWith(prefix, 0xFE, 0xFF) ? 2 : 0;
            InputStream all = new SequenceInputStream(new ByteArrayInputStream(prefix, mark, prefix.length - mark), in);
            CharsetDecoder decoder = utf16.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return new Decoded(utf16, new StrictReader(all, decoder));
        }
        boolean bom = startsWith(prefix, 0xEF, 0xBB, 0xBF);
        int start = bom ? 3 : 0;
        boolean wholeFile = prefix.length < probeBytes;
        Charset charset = bom || validUtf8(prefix, start, wholeFile) ? StandardCharsets.UTF_8 : WINDOWS_1252;
        InputStream all = new SequenceInputStream(new ByteArrayInputStream(prefix, start, prefix.length - start), in);
        CodingErrorAction onError = charset == StandardCharsets.UTF_8 ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE;
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(onError).onUnmappableCharacter(onError);
        return new Decoded(charset, new StrictReader(all, decoder));
    }

    /**
     * UTF-16 without a byte order mark, told by its pattern: text in a CSV is mostly ASCII, which
     * UTF-16 writes as a zero byte beside each character byte. Zero bytes are never text in UTF-8 or
     * Windows-1252, so most odd (or most even) bytes being zero is UTF-16LE (or BE); null otherwise.
     */
    static Charset utf16WithoutMark(byte[] prefix) {
        int pairs = Math.min(prefix.length, 4096) / 2;
        if (pairs < 2) {
            return null;
        }
        int zeroOdd = 0;
        int zeroEven = 0;
        for (int i = 0; i < pairs * 2; i += 2) {
            zeroEven += prefix[i] == 0 ? 1 : 0;
            zeroOdd += prefix[i + 1] == 0 ? 1 : 0;
        }
        if (zeroOdd * 10 >= pairs * 7 && zeroEven * 10 < pairs) {
            return StandardCharsets.UTF_16LE;
        }
        if (zeroEven * 10 >= pairs * 7 && zeroOdd * 10 < pairs) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** True if the bytes are UTF-8; a sequence cut off by the end of a probe that is not the whole file is allowed. */
    private static boolean validUtf8(byte[] bytes, int start, boolean wholeFile) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, wholeFile);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return true;
            }
            out.clear();
        }
    }

    /**
     * Like {@link java.io.InputStreamReader}, but the characters before a malformed sequence are
     * handed out first and the read after them throws, so whoever counts lines above knows exactly
     * where the bad bytes are.
     */
    static final class StrictReader extends Reader {

        private final InputStream in;
        private final CharsetDecoder decoder;
        private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
        private boolean eof;
        private boolean flushed;

        StrictReader(InputStream in, CharsetDecoder decoder) {
            this.in = in;
            this.decoder = decoder;
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            CharBuffer out = CharBuffer.wrap(cbuf, off, len);
            while (!flushed) {
                CoderResult result = decoder.decode(bytes, out, eof);
                if (result.isError()) {
                    if (out.position() > off) {
                        break;
                    }
                    result.throwException();
                }
                if (result.isOverflow()) {
                    break;
                }
                if (eof) {
                    if (decoder.flush(out).isOverflow()) {
                        break;
                    }
                    flushed = true;
                } else if (out.position() > off) {
                    break;
                } else {
                    bytes.compact();
                    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (n < 0) {
                        eof = true;
                    } else {
                        bytes.position(bytes.position() + n);
                    }
                    bytes.flip();
                }
            }
            int count = out.position() - off;
            return count == 0 && flushed ? -1 : count;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
