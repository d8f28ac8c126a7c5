package org.custodian.misimport.internal;

/**
 * A problem found in an import file: where (line, row, pupil index and element path), which field,
 * a stable code, and a message that says what is expected. Never carries the offending value, so
 * reports can be kept and downloaded without holding personal data.
 */
public record ImportProblem(String location, String field, String code, String message) {
}
