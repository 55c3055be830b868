package org.hanedge.fleet.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares HTTP Basic and Bearer in the OpenAPI document, so that Swagger UI's "Authorize" works. */
@Configuration
public class OpenApiSecuritySchemes {
    static final String BASIC = "operatorBasic";
    static final String BEARER = "apiToken";

    @Bean
    GlobalOpenApiCustomizer securitySchemes() {
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents()
                    .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                            .description("operator account (username and password)"))
                    .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .bearerFormat("hanedge_<43 base64url characters>")
                            .description("API token created under /api/v1/admin/tokens"));
            api.addSecurityItem(new SecurityRequirement().addList(BASIC))
                    .addSecurityItem(new SecurityRequirement().addList(BEARER));
        };
    }
}
