package org.custodian.schools.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.schools.Grace;
import org.custodian.schools.PurgeObstacles;
import org.custodian.schools.School;
import org.custodian.schools.SchoolRegistration;
import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
import org.custodian.schools.StateChange;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/v1/schools")
class SchoolApiController {

    private final Schools schools;

    SchoolApiController(Schools schools) {
        this.schools = schools;
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Registered")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    ResponseEntity<Map<String, Object>> register(@Valid @RequestBody SchoolRegistration registration,
                                                 @AuthenticationPrincipal CustodianUser actor) {
        Schools.Registered registered = schools.register(registration, actor);
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("school", SchoolView.of(registered.school()));
        if (registered.firstAdmin() != null) {
            // Shown once to the operator who hands it over; it must be changed at first sign-in.
            body.put("firstAdmin", Map.of("id", registered.firstAdmin().id(),
                    "username", registered.firstAdmin().username(),
                    "oneTimePassword", registered.firstAdmin().oneTimePassword().value()));
        }
        var location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(registered.school().id()).toUri();
        return ResponseEntity.created(location).body(body);
    }

    @GetMapping
    @RequiresPermission(Permission.SCHOOL_DIRECTORY)
    List<SchoolView> list() {
        return schools.all().stream().map(SchoolView::of).toList();
    }

    @GetMapping("/{schoolId}")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    SchoolView get(@PathVariable UUID schoolId, @AuthenticationPrincipal CustodianUser actor) {
        return SchoolView.of(schools.get(schoolId, actor));
    }

    @PostMapping("/{schoolId}/transitions")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    ResponseEntity<SchoolView> transition(@PathVariable UUID schoolId, @RequestBody TransitionRequest request,
                                          @AuthenticationPrincipal CustodianUser actor) {
        return ResponseEntity.status(HttpStatus.OK)
                .body(SchoolView.of(schools.transition(schoolId, request.state(), request.terminationDate(), actor)));
    }

    @GetMapping("/{schoolId}/state-changes")
    @RequiresPermission(Permission.SCHOOL_VIEW)
    List<StateChange> history(@PathVariable UUID schoolId, @AuthenticationPrincipal CustodianUser actor) {
        return schools.history(schoolId, actor);
    }

    /** The school's grace period after termination, when it ends, and what stands in the way of the purge. */
    @GetMapping("/{schoolId}/grace")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    GraceView grace(@PathVariable UUID schoolId, @AuthenticationPrincipal CustodianUser actor) {
        schools.get(schoolId, actor);
        return GraceView.of(schools.grace(schoolId), schools.purgeObstacles(schoolId));
    }

    /** Sets the school's own grace period in days ({@code null} returns it to the platform default). */
    @PutMapping("/{schoolId}/grace")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    GraceView setGrace(@PathVariable UUID schoolId, @RequestBody GraceRequest request,
                       @AuthenticationPrincipal CustodianUser actor) {
        schools.get(schoolId, actor);
        return GraceView.of(schools.setGracePeriod(schoolId, request.days(), actor), schools.purgeObstacles(schoolId));
    }

    record GraceRequest(Integer days) {
    }

    record GraceView(int days, boolean ownPeriod, LocalDate endsOn, List<PurgeObstacles.Obstacle> purgeObstacles) {
        static GraceView of(Grace grace, List<PurgeObstacles.Obstacle> obstacles) {
            return new GraceView(grace.days(), grace.ownPeriod(), grace.endsOn(), obstacles);
        }
    }

    record TransitionRequest(SchoolState state, LocalDate terminationDate) {
    }

    /** The API's view of a school: the contact's name and email are shown to those who may act for it. */
    record SchoolView(UUID id, String urn, String laCode, String establishmentNumber, String name, String nation,
                      String contactName, String contactEmail, SchoolState state, LocalDate terminationDate,
                      List<SchoolState> allowedTransitions) {

        static SchoolView of(School school) {
            return new SchoolView(school.id(), school.urn(), school.laCode(), school.establishmentNumber(),
                    school.name(), school.nation().name(), school.contactName().value(), school.contactEmail().value(),
                    school.state(), school.terminationDate(), List.copyOf(school.state().next()));
        }

        @Override
        public String toString() {
            return "SchoolView[id=" + id + ", urn=" + urn + ", redacted]";
        }
    }
}
