package org.custodian.pupils.internal;

import java.util.List;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.ProcessingRegister;
import org.custodian.pupils.Purpose;
import org.custodian.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The processing register and the school's optional-category opt-in. */
@RestController
class RegisterApiController {

    private final ProcessingRegister register;
    private final CategorySettings categories;

    RegisterApiController(ProcessingRegister register, CategorySettings categories) {
        this.register = register;
        this.categories = categories;
    }

    /** Every purpose of pupil data in the register, and whether the caller's role may use it. */
    @GetMapping("/api/v1/purposes")
    @RequiresPermission(Permission.PUPIL_DATA)
    List<PurposeView> purposes(@AuthenticationPrincipal CustodianUser user) {
        List<Purpose> usable = register.allowedFor(user.role());
        return register.purposes().stream().map(purpose -> new PurposeView(purpose.code(), purpose.description(),
                purpose.lawfulBasis(), purpose.reasonRequired(), usable.contains(purpose),
                purpose.defaultFor().contains(user.role()))).toList();
    }

    @GetMapping("/api/v1/pupil-categories")
    @RequiresPermission(Permission.PUPIL_DATA)
    List<CategoryView> categories(@AuthenticationPrincipal CustodianUser user) {
        var enabled = categories.enabled(user.ownSchoolId());
        return java.util.Arrays.stream(OptionalCategory.values())
                .map(category -> new CategoryView(category, category.label(), enabled.contains(category))).toList();
    }

    @PutMapping("/api/v1/pupil-categories/{category}")
    @RequiresPermission(Permission.CATEGORY_SETTINGS)
    CategoryChange change(@AuthenticationPrincipal CustodianUser user, @PathVariable String category,
                          @RequestBody CategorySwitch request) {
        OptionalCategory chosen;
        try {
            chosen = OptionalCategory.valueOf(category);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("unknown-category", "There is no optional category of that name.");
        }
        if (request.enabled() == null) {
            throw ProblemException.badRequest("enabled-required", "Say whether the category is on: {\"enabled\": true}.");
        }
        int removed = categories.set(user, chosen, request.enabled());
        return new CategoryChange(chosen, request.enabled(), removed);
    }

    record PurposeView(String code, String description, String lawfulBasis, boolean reasonRequired,
                       boolean allowedForYou, boolean defaultForYou) {
    }

    record CategoryView(OptionalCategory category, String label, boolean enabled) {
    }

    record CategorySwitch(Boolean enabled) {
    }

    record CategoryChange(OptionalCategory category, boolean enabled, int valuesRemoved) {
    }
}
