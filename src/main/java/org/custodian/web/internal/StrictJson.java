package org.custodian.web.internal;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON bodies bind strictly: a number, boolean, array or object sent where the API takes text is
 * refused ({@code malformed-request}), as is text where it takes a number or a boolean. Jackson
 * would otherwise turn {@code -9223372036854775809} into an admission number, or "yes" into whatever
 * it guesses.
 *
 * <p>Every request body the API takes has a closed shape: a property it does not name is refused
 * ({@code unknown-property}) rather than silently dropped, so a misspelt field is never mistaken
 * for an omitted one. Only request bodies are closed: JSON the application stored itself (import
 * reports, backup manifests) is read by the shared mapper, which tolerates fields older versions wrote.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer strictJsonCoercion() {
        return builder -> builder
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Array, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Object, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, number -> number
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, number -> number
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, bool -> bool
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }

    /**
     * Takes the JSON converter's place in the list. Declared as a converter bean it would go first,
     * ahead of the byte and text converters: a {@code byte[]} (the API description) would be written
     * as a base64 string and a {@code String} of JSON quoted again.
     */
    @Bean
    ServerHttpMessageConvertersCustomizer closedShapeJsonConverter(JsonMapper mapper) {
        JacksonJsonHttpMessageConverter closed = new JacksonJsonHttpMessageConverter(mapper.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build());
        return builder -> builder.configureMessageConvertersList(converters -> converters.replaceAll(
                converter -> converter instanceof JacksonJsonHttpMessageConverter ? closed : converter));
    }
}
