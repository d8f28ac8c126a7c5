package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.custodian.accesslog.AccessLogReview.Query;
import org.custodian.accesslog.SyntheticAccessLog;
import org.custodian.accesslog.internal.JdbcAccessLogReview.Statement;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two key review questions are answered from their indexes, not by reading the school's whole
 * log: EXPLAIN on the exact statements {@link JdbcAccessLogReview} runs, over enough analysed rows
 * that the planner's choice means something. Timings on a million rows: {@code bench/access-log-review.sh}.
 */
@CustodianTest
class AccessLogReviewPlanIT {

    private static final int ROWS = 30_000;
    private static final int PUPILS = 600;
    private static final int ACTORS = 60;
    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");

    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired Fixtures fixtures;
    @Autowired DatabaseOwner databaseOwner;
    @Autowired JsonMapper json;

    UUID school;

    @BeforeEach
    void aSchoolWithALongLog() {
        school = fixtures.school().id();
        UUID neighbour = fixtures.school().id();
        SyntheticAccessLog.load(databaseOwner.dataSource(), neighbour, ROWS / 3, PUPILS, ACTORS, START, 60);
        SyntheticAccessLog.load(databaseOwner.dataSource(), school, ROWS, PUPILS, ACTORS, START, 60);
    }

    @Test
    void whoAccessedThisPupilUsesTheSubjectsIndex() {
        Query first = new Query(null, SyntheticAccessLog.pupil(7), null, null, null, null, null, false, null, 100);
        Query later = first.withBefore((long) ROWS / 2);

        for (Query query : List.of(first, later)) {
            assertThat(indexesUsed(query)).contains("access_log_subject_pkey");
        }
    }

    @Test
    void whatDidThisUserSeeBetweenTwoTimesUsesTheActorTimeIndex() {
        Instant from = START.plus(Duration.ofDays(3));
        Query query = new Query(SyntheticAccessLog.actor(5), null, null, null, from, from.plus(Duration.ofDays(2)),
                null, false, null, 100);

        assertThat(indexesUsed(query)).contains("access_log_entry_actor_time");
        assertThat(indexesUsed(query.withBefore((long) ROWS - 100))).contains("access_log_entry_actor_time");
    }

    @Test
    void filteringByFlagOrReviewStateStillReadsEntriesThroughAnIndex() {
        Query flagged = new Query(null, SyntheticAccessLog.pupil(11), null, null, null, null,
                org.custodian.accesslog.AccessFlag.OUT_OF_HOURS, true, null, 100);

        assertThat(indexesUsed(flagged)).contains("access_log_subject_pkey");
    }

    /** The indexes the plan reads access_log_entry through; fails on a sequential scan of it. */
    private List<String> indexesUsed(Query query) {
        Statement statement = JdbcAccessLogReview.searchStatement(school, query);
        String plan = tenancy.inSchool(school, () -> jdbc.sql("explain (format json) " + statement.sql())
                .params(statement.params()).query(String.class).single());
        List<String> indexes = new ArrayList<>();
        walk(json.readTree(plan).get(0).get("Plan"), indexes);
        return indexes;
    }

    private static void walk(JsonNode node, List<String> indexes) {
        String type = node.get("Node Type").asString();
        String relation = node.has("Relation Name") ? node.get("Relation Name").asString() : "";
        assertThat(type.equals("Seq Scan") && relation.equals("access_log_entry"))
                .as("sequential scan of access_log_entry in the plan").isFalse();
        if (node.has("Index Name")) {
            indexes.add(node.get("Index Name").asString());
        }
        if (node.has("Plans")) {
            for (JsonNode child : node.get("Plans")) {
                walk(child, indexes);
            }
        }
    }
}
