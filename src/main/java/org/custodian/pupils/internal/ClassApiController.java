package org.custodian.pupils.internal;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.pupils.SchoolClasses;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Classes and registration groups with their staff (codes and ids only: no pupil data). */
@RestController
@RequestMapping("/api/v1/classes")
class ClassApiController {

    private final SchoolClasses classes;

    ClassApiController(SchoolClasses classes) {
        this.classes = classes;
    }

    @GetMapping
    @RequiresPermission(Permission.PUPIL_DATA)
    List<SchoolClasses.ClassSummary> list(@AuthenticationPrincipal CustodianUser user) {
        return classes.list(user.ownSchoolId());
    }

    /** Class codes may contain "/", so the class is named in the body rather than the path. */
    @PutMapping("/staff")
    @RequiresPermission(Permission.CLASSES_MANAGE)
    List<SchoolClasses.ClassSummary> assign(@AuthenticationPrincipal CustodianUser user,
                                            @RequestBody StaffAssignment assignment) {
        classes.assignStaff(user, assignment.kind(), assignment.code(), orEmpty(assignment.teachers()),
                orEmpty(assignment.supervisors()));
        return classes.list(user.ownSchoolId());
    }

    private static Set<UUID> orEmpty(Set<UUID> ids) {
        return ids == null ? Set.of() : ids;
    }

    record StaffAssignment(String kind, String code, Set<UUID> teachers, Set<UUID> supervisors) {
    }
}
