package org.custodian.web.internal;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The description at {@code /api/v1/openapi}: what every client must know before the first call. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI custodianApi() {
        // Relative: the description is the same wherever it is served from (and equal to the committed snapshot).
        return new OpenAPI().addServersItem(new Server().url("/").description("This installation")).info(new Info()
                .title("Custodian API")
                .version("v1")
                .description("""
                        Pupil and staff data held for schools. Every read or change of pupil data names a purpose \
                        from the school's record of processing in the `Custodian-Purpose` header (see \
                        `GET /api/v1/purposes`), and a free-text reason in `Custodian-Reason` where the rules need \
                        one (optional categories, bulk reads, erasure, rights requests, support, break-glass). \
                        Reads return an `ETag`; changes send it back in `If-Match`. Errors are RFC 9457 problem \
                        details whose `code` is stable, e.g. `purpose-required`, `purpose-unknown`, `purpose-not-allowed`, \
                        `reason-required`, `isa-not-accepted`, `school-terminated`, `validation-failed`, `version-mismatch`."""));
    }
}
