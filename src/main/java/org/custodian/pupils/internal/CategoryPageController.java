package org.custodian.pupils.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.StaffAccounts;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The school's optional pupil-data categories: staff who work with pupil data see which are on and
 * every change; only a school admin switches them, and switching one off (which deletes every
 * stored value of it) is confirmed first.
 */
@Controller
@RequestMapping("/school/pupil-categories")
class CategoryPageController {

    private final CategorySettings settings;
    private final StaffAccounts staff;

    CategoryPageController(CategorySettings settings, StaffAccounts staff) {
        this.settings = settings;
        this.staff = staff;
    }

    @GetMapping
    @RequiresPermission(Permission.PUPIL_DATA)
    String categories(@AuthenticationPrincipal CustodianUser user, Model model) {
        UUID school = user.ownSchoolId();
        Set<OptionalCategory> enabled = settings.enabled(school);
        Map<UUID, String> names = staff.of(school).stream()
                .collect(Collectors.toMap(StaffAccounts.StaffAccount::id, StaffAccounts.StaffAccount::displayName));
        model.addAttribute("rows", Arrays.stream(OptionalCategory.values())
                .map(category -> new Row(category, enabled.contains(category))).toList());
        model.addAttribute("changes", settings.changes(school).stream()
                .map(change -> new ChangeRow(change, names.getOrDefault(change.changedBy(), "Former member of staff")))
                .toList());
        model.addAttribute("mayChange", user.has(Permission.CATEGORY_SETTINGS));
        return "pupils/categories";
    }

    @PostMapping("/{category}/on")
    @RequiresPermission(Permission.CATEGORY_SETTINGS)
    String switchOn(@AuthenticationPrincipal CustodianUser user, @PathVariable String category,
                    RedirectAttributes redirect) {
        OptionalCategory chosen = category(category);
        settings.set(user, chosen, true);
        redirect.addFlashAttribute("banner", chosen.label() + " is switched on: its values are now stored.");
        return "redirect:/school/pupil-categories";
    }

    @GetMapping("/{category}/off")
    @RequiresPermission(Permission.CATEGORY_SETTINGS)
    String confirmOff(@PathVariable String category, Model model) {
        model.addAttribute("category", category(category));
        return "pupils/category-off";
    }

    @PostMapping("/{category}/off")
    @RequiresPermission(Permission.CATEGORY_SETTINGS)
    String switchOff(@AuthenticationPrincipal CustodianUser user, @PathVariable String category,
                     RedirectAttributes redirect) {
        OptionalCategory chosen = category(category);
        int removed = settings.set(user, chosen, false);
        redirect.addFlashAttribute("banner", chosen.label() + " is switched off. " + removed
                + (removed == 1 ? " stored value was" : " stored values were") + " deleted.");
        return "redirect:/school/pupil-categories";
    }

    private static OptionalCategory category(String name) {
        try {
            return OptionalCategory.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("unknown-category", "There is no optional category of that name.");
        }
    }

    record Row(OptionalCategory category, boolean enabled) {
    }

    /** A recorded change with the name of who made it (personal data: not in {@link #toString()}). */
    record ChangeRow(CategorySettings.Change change, String changedBy) {
        @Override
        public String toString() {
            return "ChangeRow[" + change.category() + ", " + change.enabled() + "]";
        }
    }
}
