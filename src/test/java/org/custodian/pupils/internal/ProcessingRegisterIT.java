package org.custodian.pupils.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.ProcessingRegister;
import org.custodian.pupils.Purpose;
import org.custodian.support.CustodianTest;
import org.custodian.web.ProblemException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The seeded register (DOMAIN §7) and the rules applied to it, role by role and purpose by purpose. */
@CustodianTest
class ProcessingRegisterIT {

    @Autowired ProcessingRegister register;
    @Autowired PurposeRules rules;

    private static final Map<Role, List<String>> ALLOWED = new EnumMap<>(Map.of(
            Role.TEACHER, List.of("TEACHING_AND_LEARNING", "ASSESSMENT_TRACKING", "PARENT_COMMUNICATION", "BREAK_GLASS"),
            Role.EXAM_SUPERVISOR, List.of("EXAM_ADMINISTRATION", "BREAK_GLASS"),
            Role.DATA_MANAGER, List.of("ASSESSMENT_TRACKING", "EXAM_ADMINISTRATION", "PARENT_COMMUNICATION",
                    "DATA_MANAGEMENT", "SUBJECT_RIGHTS_REQUEST", "LEGAL_OBLIGATION", "BREAK_GLASS"),
            Role.DPO, List.of("SUBJECT_RIGHTS_REQUEST", "BREACH_INVESTIGATION", "LEGAL_OBLIGATION", "BREAK_GLASS",
                    "READMISSION", "LEGAL_CLAIMS"),
            Role.SUPPORT, List.of("SUPPORT_WITH_CONSENT")));

    @Test
    void theRegisterHoldsTheDomainPurposesWithALawfulBasisEach() {
        assertThat(register.purposes()).extracting(Purpose::code).containsExactly("TEACHING_AND_LEARNING",
                "ASSESSMENT_TRACKING", "EXAM_ADMINISTRATION", "PARENT_COMMUNICATION", "DATA_MANAGEMENT",
                "SUBJECT_RIGHTS_REQUEST", "BREACH_INVESTIGATION", "SUPPORT_WITH_CONSENT", "LEGAL_OBLIGATION",
                "BREAK_GLASS", "READMISSION", "ACCESS_LOG_REVIEW", "LEGAL_CLAIMS", "RETENTION_PERIOD_ENDED",
                "CONTRACT_END_RETURN", "BACKUP_RESTORE");
        assertThat(register.purposes()).allSatisfy(purpose -> assertThat(purpose.lawfulBasis()).contains("Art "));
        assertThat(register.defaultFor(Role.TEACHER)).map(Purpose::code).hasValue("TEACHING_AND_LEARNING");
        assertThat(register.defaultFor(Role.EXAM_SUPERVISOR)).map(Purpose::code).hasValue("EXAM_ADMINISTRATION");
        assertThat(register.defaultFor(Role.DATA_MANAGER)).map(Purpose::code).hasValue("DATA_MANAGEMENT");
    }

    @Test
    void eachRoleMayUseExactlyItsPurposesAndNoOther() {
        ALLOWED.forEach((role, allowed) -> {
            assertThat(register.allowedFor(role)).extracting(Purpose::code).as(role.name())
                    .containsExactlyElementsOf(allowed);
            CustodianUser actor = actor(role);
            for (Purpose purpose : register.purposes()) {
                AccessContext context = new AccessContext(actor, purpose.code(), "A stated reason", null, null);
                if (allowed.contains(purpose.code())) {
                    assertThatCode(() -> rules.require(context, false)).doesNotThrowAnyException();
                } else {
                    ProblemException refused = catchThrowableOfType(ProblemException.class,
                            () -> rules.require(context, false));
                    assertThat(refused.code()).as(role + " " + purpose.code()).isEqualTo("purpose-not-allowed");
                }
            }
        });
    }

    @Test
    void reasonsAreRequiredWhereTheRegisterOrTheAccessSaysSo() {
        CustodianUser teacher = actor(Role.TEACHER);
        CustodianUser dpo = actor(Role.DPO);

        assertThatCode(() -> rules.require(new AccessContext(teacher, "TEACHING_AND_LEARNING", null, null, null), false))
                .doesNotThrowAnyException();
        assertThat(code(() -> rules.require(new AccessContext(teacher, "TEACHING_AND_LEARNING", " ", null, null), true)))
                .isEqualTo("reason-required");
        assertThat(code(() -> rules.require(new AccessContext(teacher, "BREAK_GLASS", null, null, null), false)))
                .isEqualTo("reason-required");
        assertThat(code(() -> rules.require(new AccessContext(dpo, "BREACH_INVESTIGATION", null, null, null), false)))
                .isEqualTo("reason-required");
        assertThat(code(() -> rules.requireChange(new AccessContext(dpo, "BREACH_INVESTIGATION", "Why", null, null), false)))
                .isEqualTo("purpose-not-allowed");
        assertThat(code(() -> rules.require(new AccessContext(teacher, null, null, null, null), false)))
                .isEqualTo("purpose-required");
        assertThat(code(() -> rules.require(new AccessContext(teacher, " ", null, null, null), false)))
                .isEqualTo("purpose-required");
        assertThat(code(() -> rules.require(new AccessContext(teacher, "GOSSIP", null, null, null), false)))
                .isEqualTo("purpose-unknown");
    }

    private static String code(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return catchThrowableOfType(ProblemException.class, call).code();
    }

    private static CustodianUser actor(Role role) {
        return new CustodianUser(UUID.randomUUID(), role.isPlatform() ? null : UUID.randomUUID(), "actor@example.com",
                "Actor", role, true, false, "unused");
    }
}
