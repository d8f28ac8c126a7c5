package org.custodian.crypto;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Files of personal data that must sit on disk for a while (an uploaded import between its preview
 * and its commit): written encrypted (streaming AES-256-GCM, one fresh key per file), the key
 * returned wrapped by the master key for the caller to keep elsewhere (the database). Deleting the
 * wrapped key makes the file, and any copy of it, unreadable.
 */
public interface SealedFiles {

    /** Encrypts {@code content} into {@code file} (created 0600); returns the wrapped key. Does not close {@code content}. */
    byte[] seal(Path file, InputStream content);

    /** A stream of the plaintext; fails if the file or key was tampered with. */
    InputStream open(Path file, byte[] wrappedKey);
}
