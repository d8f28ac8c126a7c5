package org.custodian.retention;

import java.time.Period;
import java.util.List;
import java.util.Set;

/**
 * The retention categories: every table Custodian stores belongs to exactly one
 * ({@code RetentionCategoriesIT} fails when one has none). Each has a default rule (from the
 * platform's retention defaults), the triggers a school may count from, and the platform's default
 * limits, which operators may change.
 */
public enum RetentionCategory {

    PUPIL_RECORDS("Pupil records", "the pupil leaves", RetentionTrigger.LEAVING_DATE, Period.ofYears(1),
            Set.of(RetentionTrigger.LEAVING_DATE, RetentionTrigger.DATE_OF_BIRTH), Period.ZERO, Period.ofYears(25),
            List.of("pupil", "pupil_category_value", "class_pupil", "pupil_restriction",
                    "pupil_purpose_objection", "pupil_processing_limit_event")),
    ERASURE_TOMBSTONES("Records that a pupil was erased (a keyed fingerprint of the UPN, no name)",
            "the erasure", RetentionTrigger.EVENT_DATE, Period.ofYears(2), Set.of(RetentionTrigger.EVENT_DATE),
            Period.ofDays(30), Period.ofYears(6), List.of("erased_pupil", "erased_staff")),
    ACCESS_LOG("Access log entries", "the access", RetentionTrigger.EVENT_DATE, Period.ofYears(2),
            Set.of(RetentionTrigger.EVENT_DATE), Period.ofYears(1), Period.ofYears(7),
            List.of("access_log_entry", "access_log_subject", "access_log_flag", "access_log_flag_watermark",
                    "access_log_review", "access_log_leaf", "access_log_node", "access_log_pending",
                    "access_log_checkpoint", "access_log_checkpoint_sent", "access_log_removal",
                    "access_log_unbound_reasons", "support_grant")),
    SIGN_IN_RECORDS("Sign-in records (sign-ins, addresses, lockouts, trusted devices)", "the sign-in",
            RetentionTrigger.EVENT_DATE, Period.ofDays(365), Set.of(RetentionTrigger.EVENT_DATE),
            Period.ofDays(90), Period.ofYears(2),
            List.of("security_event", "account_lockout", "source_throttle", "device_cookie",
                    "password_reset_request_count")),
    SESSIONS("Signed-in sessions", "the session was last used", RetentionTrigger.LAST_INTERACTION,
            Period.ofDays(1), Set.of(RetentionTrigger.LAST_INTERACTION), Period.ZERO, Period.ofDays(30),
            List.of("spring_session", "spring_session_attributes")),
    ONE_TIME_LINKS("Invitations and password-reset links", "the link was made", RetentionTrigger.EVENT_DATE,
            Period.ofDays(30), Set.of(RetentionTrigger.EVENT_DATE), Period.ofDays(1), Period.ofYears(1),
            List.of("user_invitation", "password_reset")),
    STAFF_ACCOUNTS("Staff accounts of people who have left", "the account was last used",
            RetentionTrigger.LAST_INTERACTION, Period.ofYears(1), Set.of(RetentionTrigger.LAST_INTERACTION),
            Period.ofDays(90), Period.ofYears(7),
            List.of("user_account", "user_totp", "recovery_code", "class_staff", "api_token",
                    "guidance_acknowledgement")),
    IMPORT_FILES("Import files and their reports", "the import", RetentionTrigger.EVENT_DATE, Period.ofDays(90),
            Set.of(RetentionTrigger.EVENT_DATE), Period.ZERO, Period.ofYears(1), List.of("import_job")),
    RIGHTS_REQUEST_RECORDS("Records of data-subject rights requests", "the request was closed",
            RetentionTrigger.EVENT_DATE, Period.ofYears(1), Set.of(RetentionTrigger.EVENT_DATE), Period.ofMonths(6),
            Period.ofYears(6), List.of("rights_request", "rights_request_step", "rights_rectification", "erasure", "rights_bundle",
                    "rights_bundle_item", "rights_bundle_link")),
    SCHOOL_CONFIGURATION("The school's previous configuration (classes, terms, categories, reviews, keys)",
            "the school's contract ends", RetentionTrigger.TERMINATION, Period.ofMonths(3),
            Set.of(RetentionTrigger.TERMINATION), Period.ZERO, Period.ofYears(1),
            List.of("school_class", "school_term", "school_category", "school_category_change",
                    "termly_review", "termly_review_account", "termly_review_decision", "retention_choice",
                    "erasure_rule_change", "retention_sweep_mode", "retention_preview", "retention_sweep",
                    "retention_sweep_batch", "subject_key_intent", "guidance_version", "guidance_requirement")),
    CONTRACT_RECORDS("Contract records (the school's registration, accepted agreements, state changes, end-of-contract reminders, purge records, deletion certificates)",
            "the school's contract ends", RetentionTrigger.TERMINATION, Period.ofYears(7),
            Set.of(RetentionTrigger.TERMINATION), Period.ofYears(6), Period.ofYears(15),
            List.of("school", "isa_acceptance", "school_state_change", "termination_reminder", "school_purge",
                    "deletion_certificate", "sub_processor_notice")),
    PLATFORM_CONFIGURATION("The platform's previous configuration (agreement versions, purposes, keys, limits)",
            "it is replaced", RetentionTrigger.EVENT_DATE, Period.ofMonths(3), Set.of(RetentionTrigger.EVENT_DATE),
            Period.ZERO, Period.ofYears(7),
            List.of("isa_version", "processing_purpose", "platform_keyset", "platform_signing_key",
                    "platform_maintenance", "retention_limit", "flyway_schema_history", "backup_run", "restore_drill",
                    "sub_processor_change", "school_restore")),
    LEGAL_HOLDS("Legal holds that have been lifted", "the hold was lifted", RetentionTrigger.EVENT_DATE,
            Period.ofYears(1), Set.of(RetentionTrigger.EVENT_DATE), Period.ofMonths(6), Period.ofYears(7),
            List.of("legal_hold", "legal_hold_review", "legal_hold_review_notice")),
    BREACH_RECORDS("Records of personal data breaches (incidents, decisions, scopes, notices to schools)",
            "the breach was recorded", RetentionTrigger.EVENT_DATE, Period.ofYears(6), Set.of(RetentionTrigger.EVENT_DATE),
            Period.ofYears(1), Period.ofYears(15),
            List.of("breach_incident", "breach_event", "breach_scope", "breach_affected", "breach_notice",
                    "breach_acknowledgement")),
    TAX_RECORDS("Tax records (Custodian keeps none)", "the tax year", RetentionTrigger.END_OF_TAX_YEAR,
            Period.ofYears(8), Set.of(RetentionTrigger.END_OF_TAX_YEAR), Period.ofYears(6), Period.ofYears(10),
            List.of()),
    MARKETING_CONTACTS("Staff's opt-ins to product news (the unsubscribe list, a keyed fingerprint of each address, is kept for good)",
            "the last interaction", RetentionTrigger.LAST_INTERACTION, Period.ofYears(3),
            Set.of(RetentionTrigger.LAST_INTERACTION), Period.ZERO, Period.ofYears(3),
            List.of("marketing_opt_in", "marketing_suppression"));

    private final String records;
    private final String event;
    private final RetentionTrigger defaultTrigger;
    private final Period defaultPeriod;
    private final Set<RetentionTrigger> triggers;
    private final Period lowestLimit;
    private final Period highestLimit;
    private final List<String> tables;

    RetentionCategory(String records, String event, RetentionTrigger defaultTrigger, Period defaultPeriod,
                      Set<RetentionTrigger> triggers, Period lowestLimit, Period highestLimit, List<String> tables) {
        this.records = records;
        this.event = event;
        this.defaultTrigger = defaultTrigger;
        this.defaultPeriod = defaultPeriod;
        this.triggers = Set.copyOf(triggers);
        this.lowestLimit = lowestLimit;
        this.highestLimit = highestLimit;
        this.tables = List.copyOf(tables);
    }

    /** What the records are, in plain English ("Sign-in records"). */
    public String records() {
        return records;
    }

    /** What the default trigger is for these records, in words ("the sign-in"). */
    public String event() {
        return event;
    }

    public RetentionTrigger defaultTrigger() {
        return defaultTrigger;
    }

    public Period defaultPeriod() {
        return defaultPeriod;
    }

    /** The triggers a school may count this category's period from. */
    public Set<RetentionTrigger> triggers() {
        return triggers;
    }

    /** The shortest period schools may choose until an operator sets another limit. */
    public Period defaultMinimum() {
        return lowestLimit;
    }

    /** The longest period schools may choose until an operator sets another limit. */
    public Period defaultMaximum() {
        return highestLimit;
    }

    /** The tables whose rows are records of this category. */
    public List<String> tables() {
        return tables;
    }
}
