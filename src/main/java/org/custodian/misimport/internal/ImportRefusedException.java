package org.custodian.misimport.internal;

/**
 * The file as a whole cannot be imported (not well formed, a DTD, too deep, too large, wrong root,
 * not UTF-8, for another school, …): nothing from it is written. The message says what is wrong and
 * where, never a value from the file.
 */
public class ImportRefusedException extends RuntimeException {

    private final String code;
    private final String location;

    public ImportRefusedException(String code, String location, String message) {
        super(message);
        this.code = code;
        this.location = location;
    }

    public String code() {
        return code;
    }

    /** e.g. {@code "line 3, column 10"}; null when the fault has no place (an empty file). */
    public String location() {
        return location;
    }
}
