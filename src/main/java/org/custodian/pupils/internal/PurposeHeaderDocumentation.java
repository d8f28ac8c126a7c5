package org.custodian.pupils.internal;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Documents the purpose and reason headers on every pupil-record operation of the OpenAPI description. */
@Configuration(proxyBeanMethods = false)
class PurposeHeaderDocumentation {

    @Bean
    static OperationCustomizer purposeHeaders() {
        return (operation, handler) -> {
            if (handler.getBeanType() == PupilApiController.class) {
                operation.addParametersItem(new HeaderParameter().name(AccessHeaders.PURPOSE).required(true)
                        .schema(new StringSchema()).description("A purpose code from GET /api/v1/purposes that your role may use."));
                operation.addParametersItem(new HeaderParameter().name(AccessHeaders.REASON).required(false)
                        .schema(new StringSchema()).description("Why you need the data: required for optional categories, "
                                + "bulk reads, erasure and purposes that always need a reason. UTF-8 text, raw or percent-encoded "
                                + "(a literal % as %25); anything else is refused with header-not-utf8. Stored encrypted."));
            }
            return operation;
        };
    }
}
