package org.custodian.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMethod;

class ApiDescriptionTests {

    @Test
    void operationsAreTaggedByTheResourceInTheirPathNeverByClass() {
        assertThat(ApiDescription.tag("/api/v1/pupils/{id}")).isEqualTo("Pupils");
        assertThat(ApiDescription.tag("/api/v1/rights-requests/{id}/bundle")).isEqualTo("Rights requests");
        assertThat(ApiDescription.tag("/api/v1/api-tokens")).isEqualTo("API tokens");
        assertThat(ApiDescription.tag("/api/v1/isa-versions/current")).isEqualTo("ISA versions");
    }

    @Test
    void summariesReadAsSentencesFromTheMethodNameAndPath() {
        assertThat(ApiDescription.summary("createPupil", "/api/v1/pupils", RequestMethod.POST)).isEqualTo("Create pupil");
        assertThat(ApiDescription.summary("create", "/api/v1/pupils", RequestMethod.POST)).isEqualTo("Create pupil");
        assertThat(ApiDescription.summary("list", "/api/v1/pupils", RequestMethod.GET)).isEqualTo("List pupils");
        assertThat(ApiDescription.summary("read", "/api/v1/pupils/{id}", RequestMethod.GET)).isEqualTo("Read pupil");
        assertThat(ApiDescription.summary("list", "/api/v1/api-tokens", RequestMethod.GET)).isEqualTo("List API tokens");
        assertThat(ApiDescription.summary("purposes", "/api/v1/purposes", RequestMethod.GET)).isEqualTo("Get purposes");
        assertThat(ApiDescription.summary("commit", "/api/v1/imports/{id}/commit", RequestMethod.POST))
                .isEqualTo("Commit import");
        assertThat(ApiDescription.summary("search", "/api/v1/pupils/search", RequestMethod.POST)).isEqualTo("Search pupils");
        assertThat(ApiDescription.summary("restrict", "/api/v1/pupils/{pupilId}/restriction", RequestMethod.PUT))
                .isEqualTo("Restrict pupil");
        assertThat(ApiDescription.summary("markReviewed", "/api/v1/access-log/{sequence}/review", RequestMethod.POST))
                .isEqualTo("Mark reviewed");
    }

    @Test
    void operationIdsFollowTheDerivedSummary() {
        assertThat(ApiDescription.operationId("Read pupil")).isEqualTo("readPupil");
        assertThat(ApiDescription.operationId("List API tokens")).isEqualTo("listApiTokens");
    }
}
