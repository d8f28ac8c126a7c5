package org.custodian.identity.internal;

import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.custodian.identity.ApiTokenScope;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Describes API tokens in the OpenAPI description: the bearer scheme, and on each operation a token
 * may call, the requirement naming its scope. Every other operation needs a signed-in session.
 */
@Configuration(proxyBeanMethods = false)
class ApiTokenDocumentation {

    static final String SCHEME = "apiToken";

    @Bean
    static GlobalOpenApiCustomizer apiTokenScheme() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("cst_ + 43 base64url characters")
                    .description("A school's API token for its MIS partner, created by a school admin at "
                            + "/school/api-tokens or POST /api/v1/api-tokens. Send `Authorization: Bearer cst_…`. "
                            + "A missing, revoked or expired token is refused with 401 and problem code `invalid-token`."));
        };
    }

    @Bean
    static GlobalOperationCustomizer apiTokenOperations() {
        return (operation, handler) -> {
            for (ApiTokenScope scope : ApiTokenScope.values()) {
                if (ApiTokenReach.reachable(handler, Set.of(scope.permission()))) {
                    operation.addSecurityItem(new SecurityRequirement().addList(SCHEME, List.of(scope.code())));
                }
            }
            return operation;
        };
    }
}
