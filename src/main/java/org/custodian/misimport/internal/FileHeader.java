package org.custodian.misimport.internal;

/**
 * What a file says about itself before its pupils.
 *
 * @param format     {@code CTF} or {@code CSV}
 * @param full       true for a {@code full} CTF (every current pupil listed), false for {@code partial};
 *                   null when the file does not say (CSV: the uploader says)
 * @param destLa     {@code DestSchool/LEA}, or null (CSV)
 * @param destEstab  {@code DestSchool/Estab}, or null
 * @param destUrn    {@code DestSchool/URN}, or null
 * @param academicYear the calendar year in which the file's academic year began ({@code 2024} for
 *                   2024/25): a CTF's {@code SourceSchool/AcademicYear}, else the year of its
 *                   {@code DateTime}; null when the file does not say (CSV)
 */
public record FileHeader(String format, Boolean full, String destLa, String destEstab, String destUrn,
                         Integer academicYear) {
}
