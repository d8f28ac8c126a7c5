package org.custodian.accesslog.internal.tree;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tree head in the C2SP {@code tlog-checkpoint} form: the origin line (naming the installation and
 * the school), the tree size in decimal, the root hash in standard base64, each on its own line.
 * Signed as a {@link SignedNote}.
 */
public record Checkpoint(String origin, long size, byte[] root) {

    private static final Pattern ORIGIN = Pattern.compile("[\\x21-\\x7e]+");
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

    public Checkpoint {
        if (!ORIGIN.matcher(origin).matches()) {
            throw new IllegalArgumentException("a checkpoint origin is printable ASCII without spaces");
        }
        if (size < 0 || root.length != MerkleHash.SIZE) {
            throw new IllegalArgumentException("a checkpoint has a size of at least 0 and a 32-byte root");
        }
    }

    /** The note text a signature covers: three lines, each ending in a newline. */
    public String body() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** The checkpoint a note body states, or empty when the body is not one (extension lines are refused: none are used). */
    public static Optional<Checkpoint> parse(String body) {
        if (!body.endsWith("\n")) {
            return Optional.empty();
        }
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length != 3 || !ORIGIN.matcher(lines[0]).matches() || !SIZE.matcher(lines[1]).matches()) {
            return Optional.empty();
        }
        try {
            byte[] root = Base64.getDecoder().decode(lines[2]);
            long size = Long.parseLong(lines[1]);
            if (root.length != MerkleHash.SIZE || !Base64.getEncoder().encodeToString(root).equals(lines[2])) {
                return Optional.empty();
            }
            return Optional.of(new Checkpoint(lines[0], size, root));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return body();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that && origin.equals(that.origin) && size == that.size
                && java.util.Arrays.equals(root, that.root);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size);
    }
}
