package org.custodian.supportaccess.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.PupilRecords;
import org.custodian.web.HeaderText;
import org.custodian.web.ProblemException;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Support's calls: the schools that consent now, and a consenting school's pupils under the purpose
 * {@code SUPPORT_WITH_CONSENT}, each call with its reason in {@code Custodian-Reason}.
 */
@RestController
@RequestMapping("/api/v1/support/schools")
@RequiresPermission(Permission.SUPPORT_ACCESS)
class SupportApiController {

    static final String REASON = "Custodian-Reason";

    private final SupportReach reach;
    private final PupilRecords pupils;

    SupportApiController(SupportReach reach, PupilRecords pupils) {
        this.reach = reach;
        this.pupils = pupils;
    }

    @GetMapping
    List<ReachableSchool> schools(@AuthenticationPrincipal CustodianUser engineer) {
        return reach.schools(engineer);
    }

    @GetMapping("/{schoolId}/pupils")
    ResponseEntity<PupilRecords.PupilPage> search(@AuthenticationPrincipal CustodianUser engineer,
                                                  @PathVariable UUID schoolId, HttpServletRequest request,
                                                  @RequestParam(required = false) String upn,
                                                  @RequestParam(required = false) String name,
                                                  @RequestParam(defaultValue = "0") int page,
                                                  @RequestParam(defaultValue = "0") int size) {
        var found = pupils.search(context(engineer, request, schoolId), new PupilRecords.PupilSearch(upn, name, page, size));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(found);
    }

    @GetMapping("/{schoolId}/pupils/{pupilId}")
    ResponseEntity<PupilRecord> read(@AuthenticationPrincipal CustodianUser engineer, @PathVariable UUID schoolId,
                                     @PathVariable UUID pupilId, HttpServletRequest request,
                                     @RequestParam(required = false) String categories) {
        PupilRecord record = pupils.read(context(engineer, request, schoolId), pupilId, categories(categories));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(record);
    }

    private org.custodian.pupils.AccessContext context(CustodianUser engineer, HttpServletRequest request,
                                                       UUID schoolId) {
        return reach.context(engineer, request, schoolId, HeaderText.decode(request.getHeader(REASON), REASON));
    }

    private static Set<OptionalCategory> categories(String names) {
        Set<OptionalCategory> categories = EnumSet.noneOf(OptionalCategory.class);
        if (names == null || names.isBlank()) {
            return categories;
        }
        for (String name : names.split(",")) {
            try {
                categories.add(OptionalCategory.valueOf(name.strip()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("unknown-category", "Name categories from the list of optional categories.");
            }
        }
        return categories;
    }
}
