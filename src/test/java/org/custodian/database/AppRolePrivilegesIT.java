package org.custodian.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static java.util.Map.entry;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.custodian.schools.School;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Least privilege for the application role: each table grants exactly what the code uses (a new
 * table or grant must be added here on purpose), and security-definer functions cannot be turned
 * against another school or hijacked through the search path.
 */
@CustodianTest
class AppRolePrivilegesIT {

    private static final String READ_ONLY = "SELECT";
    private static final String APPEND_ONLY = "INSERT,SELECT";
    private static final String NO_DELETE = "INSERT,SELECT,UPDATE";
    private static final String NO_UPDATE = "DELETE,INSERT,SELECT";
    private static final String ALL = "DELETE,INSERT,SELECT,UPDATE";

    private static final Map<String, String> EXPECTED = Map.ofEntries(
            entry("access_log_checkpoint", APPEND_ONLY),
            entry("access_log_checkpoint_sent", APPEND_ONLY),
            entry("access_log_entry", APPEND_ONLY),
            entry("access_log_flag", APPEND_ONLY),
            entry("access_log_flag_watermark", NO_DELETE),
            entry("access_log_leaf", APPEND_ONLY),
            entry("access_log_node", APPEND_ONLY),
            entry("access_log_pending", NO_UPDATE),
            entry("access_log_removal", READ_ONLY),
            entry("access_log_review", APPEND_ONLY),
            entry("access_log_subject", APPEND_ONLY),
            entry("access_log_unbound_reasons", READ_ONLY),
            entry("account_lockout", ALL),
            entry("api_token", APPEND_ONLY), // plus UPDATE of the revocation and last-use columns only
            entry("backup_run", NO_DELETE),
            entry("restore_drill", APPEND_ONLY),
            entry("school_restore", APPEND_ONLY),
            entry("breach_acknowledgement", APPEND_ONLY),
            entry("breach_affected", APPEND_ONLY),
            entry("breach_event", APPEND_ONLY),
            entry("breach_incident", APPEND_ONLY),
            entry("breach_notice", APPEND_ONLY),
            entry("breach_scope", APPEND_ONLY),
            entry("class_pupil", NO_UPDATE),
            entry("class_staff", NO_UPDATE),
            entry("deletion_certificate", APPEND_ONLY),
            entry("device_cookie", ALL),
            entry("erased_pupil", APPEND_ONLY),
            entry("erased_staff", APPEND_ONLY),
            entry("erasure", APPEND_ONLY), // plus UPDATE of the decision columns only
            entry("erasure_rule_change", APPEND_ONLY),
            entry("guidance_acknowledgement", APPEND_ONLY),
            entry("guidance_requirement", APPEND_ONLY),
            entry("guidance_version", APPEND_ONLY),
            entry("import_job", NO_DELETE),
            entry("isa_acceptance", APPEND_ONLY),
            entry("isa_version", APPEND_ONLY),
            entry("legal_hold", APPEND_ONLY), // plus UPDATE of the lifting columns and the review date only
            entry("legal_hold_review", APPEND_ONLY),
            entry("legal_hold_review_notice", APPEND_ONLY),
            entry("marketing_opt_in", ALL),
            entry("marketing_suppression", APPEND_ONLY),
            entry("password_reset", NO_DELETE),
            entry("password_reset_request_count", ALL),
            entry("platform_keyset", APPEND_ONLY), // plus UPDATE of the wrapped keyset by rotation only
            entry("platform_maintenance", "SELECT,UPDATE"),
            entry("platform_signing_key", APPEND_ONLY), // plus UPDATE of the columns retirement and re-wrap change
            entry("processing_purpose", READ_ONLY),
            entry("pupil", ALL),
            entry("pupil_category_value", ALL),
            entry("pupil_processing_limit_event", APPEND_ONLY),
            entry("pupil_purpose_objection", NO_UPDATE),
            entry("pupil_restriction", NO_UPDATE),
            entry("recovery_code", ALL),
            entry("retention_choice", APPEND_ONLY),
            entry("retention_limit", APPEND_ONLY),
            entry("retention_preview", APPEND_ONLY), // plus UPDATE of the approval columns only
            entry("retention_sweep", APPEND_ONLY), // plus UPDATE of the finishing columns only
            entry("retention_sweep_batch", NO_UPDATE),
            entry("retention_sweep_mode", APPEND_ONLY),
            entry("rights_rectification", APPEND_ONLY),
            entry("rights_bundle", NO_DELETE),
            entry("rights_bundle_item", NO_DELETE),
            entry("rights_bundle_link", NO_DELETE),
            entry("rights_request", APPEND_ONLY),
            entry("rights_request_step", APPEND_ONLY),
            entry("school", NO_DELETE),
            entry("school_category", NO_DELETE),
            entry("school_category_change", APPEND_ONLY),
            entry("school_class", APPEND_ONLY),
            entry("school_purge", APPEND_ONLY),
            entry("school_state_change", APPEND_ONLY),
            entry("school_term", ALL),
            entry("security_event", APPEND_ONLY),
            entry("source_throttle", NO_DELETE),
            entry("support_grant", APPEND_ONLY), // plus UPDATE of the revocation and summary columns only
            entry("spring_session", ALL),
            entry("spring_session_attributes", ALL),
            entry("subject_key_intent", NO_UPDATE),
            entry("sub_processor_change", APPEND_ONLY),
            entry("sub_processor_notice", APPEND_ONLY),
            entry("termination_reminder", APPEND_ONLY),
            entry("termly_review", APPEND_ONLY),
            entry("termly_review_account", APPEND_ONLY),
            entry("termly_review_decision", APPEND_ONLY),
            entry("user_account", NO_DELETE),
            entry("user_invitation", NO_DELETE),
            entry("user_totp", ALL));

    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired Fixtures fixtures;
    @Autowired org.custodian.support.KeyTables keyTables;

    @Test
    void theApplicationRoleHoldsOnlyThePrivilegesItsCodeUses() {
        Map<String, String> granted = new TreeMap<>();
        jdbc.sql("""
                select table_name, string_agg(privilege_type, ',' order by privilege_type)
                  from information_schema.role_table_grants
                 where grantee = current_user and table_schema = 'public'
                 group by table_name""")
                .query((row, n) -> granted.put(row.getString(1), row.getString(2))).list();

        assertThat(granted).isEqualTo(new TreeMap<>(EXPECTED));
        assertThat(jdbc.sql("""
                select string_agg(column_name, ',' order by column_name) from information_schema.column_privileges
                 where grantee = current_user and table_name = 'platform_signing_key' and privilege_type = 'UPDATE'""")
                .query(String.class).single())
                .as("a signing key's id and creation never change")
                .isEqualTo("master_key_id,public_key_sealed,retired_at,wrapped_private_keyset");
        assertThat(jdbc.sql("select has_schema_privilege(current_user, 'public', 'CREATE')")
                .query(Boolean.class).single()).as("may create objects in the schema").isFalse();
    }

    /** The key store's own database: its application role's privileges, by table and by column. */
    @Test
    void theKeyDatabasesApplicationRoleHoldsOnlyWhatTheKeyStoreUses() {
        Map<String, String> granted = new TreeMap<>();
        keyTables.asPlatform(keys -> keys.sql("""
                        select table_name, string_agg(privilege_type, ',' order by privilege_type)
                          from information_schema.role_table_grants
                         where grantee = current_user and table_schema = 'public'
                         group by table_name""")
                .query((row, n) -> granted.put(row.getString(1), row.getString(2))).list());
        Map<String, String> updatable = new TreeMap<>();
        keyTables.asPlatform(keys -> keys.sql("""
                        select table_name, string_agg(column_name, ',' order by column_name)
                          from information_schema.column_privileges
                         where grantee = current_user and table_schema = 'public' and privilege_type = 'UPDATE'
                         group by table_name""")
                .query((row, n) -> updatable.put(row.getString(1), row.getString(2))).list());

        assertThat(granted).isEqualTo(new TreeMap<>(Map.of(
                "erased_subject", "INSERT,SELECT",
                "key_move", "INSERT,SELECT",
                "purged_school", "INSERT,SELECT",
                "school_keyset", "INSERT,SELECT",
                "subject_data_key", "DELETE,INSERT,SELECT")));
        assertThat(updatable).as("a keyset never moves to another school or purpose; a key to another subject")
                .isEqualTo(new TreeMap<>(Map.of(
                        "school_keyset", "master_key_id,primary_key_id,rotated_at,wrapped_keyset",
                        "subject_data_key", "confirmed_at,wrapped_key,wrapping_key_id")));
    }

    @Test
    void everySecurityDefinerFunctionPinsItsSearchPathWithTemporaryObjectsLast() {
        Map<String, String> definers = new TreeMap<>();
        jdbc.sql("""
                select p.proname, coalesce(array_to_string(p.proconfig, ';'), '')
                  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'public' and p.prosecdef""")
                .query((row, n) -> definers.put(row.getString(1), row.getString(2))).list();

        assertThat(definers).isNotEmpty()
                .allSatisfy((name, config) -> assertThat(config).as(name)
                        .contains("search_path=pg_catalog, public, pg_temp"));
    }

    @Test
    void sealingASignerNameRefusesAnotherSchoolsAcceptanceEvenWithinThePolicies() {
        School ours = fixtures.school();
        School theirs = fixtures.school();

        assertThatThrownBy(() -> tenancy.inSchool(ours.id(), () ->
                jdbc.sql("select custodian_seal_isa_signer(?, ?, ?)")
                        .params(theirs.id(), UUID.randomUUID(), new byte[] {1})
                        .query(Integer.class).single()))
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("not the school in scope");
    }
}
