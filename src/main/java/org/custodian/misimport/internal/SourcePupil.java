package org.custodian.misimport.internal;

import java.util.List;

import org.custodian.pupils.PupilData;

/**
 * One pupil as a file gives it, before the importer checks it: raw values ({@code null} where the
 * file does not have the field), where it sits in the file, and what the reader itself found wrong.
 *
 * @param index     0-based position of the pupil in the file
 * @param location  where the pupil is, for error reports: {@code "line 12"} (CSV) or {@code "Pupil 3 (line 40)"} (CTF)
 * @param data      the pupil model's fields; dates ISO {@code yyyy-MM-dd} as far as the reader could convert them
 * @param formerUpn {@code BasicDetails/FormerUPN} or the CSV column, checked but not stored
 * @param leavingDate ISO date the pupil left or leaves, or null
 * @param staff     teachers and supervisors of the pupil's classes (CSV only)
 * @param problems  what the reader found wrong in this pupil (e.g. an ambiguous date); never values
 */
public record SourcePupil(int index, String location, PupilData data, String formerUpn, String leavingDate,
                          List<ClassStaffName> staff, List<ImportProblem> problems) {

    public SourcePupil {
        staff = staff == null ? List.of() : List.copyOf(staff);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** A teacher or supervisor of one of the pupil's classes (or registration group), by name as the MIS exports it. */
    public record ClassStaffName(String classCode, Duty duty, String name) {
        public enum Duty { TEACHER, SUPERVISOR }

        @Override
        public String toString() {
            return "ClassStaffName[class=" + classCode + ", duty=" + duty + "]";
        }
    }

    @Override
    public String toString() {
        return "SourcePupil[index=" + index + ", location=" + location + ", problems=" + problems.size() + "]";
    }
}
