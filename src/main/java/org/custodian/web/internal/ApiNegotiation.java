package org.custodian.web.internal;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Content negotiation for the API before the controller runs: an {@code Accept} header that does
 * not parse, or asks only for what the endpoint cannot answer in, is refused with 406 before any
 * transaction starts. Left to the end (Spring negotiates after the handler returns), a write would
 * commit and its client be told it failed.
 */
@Configuration(proxyBeanMethods = false)
class ApiNegotiation implements WebMvcConfigurer {

    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON,
            MediaType.valueOf("application/*+json"));

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AcceptCheck()).addPathPatterns("/api/**");
    }

    static final class AcceptCheck implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                throws HttpMediaTypeNotAcceptableException, HttpMediaTypeNotSupportedException {
            if (!(handler instanceof HandlerMethod method)) {
                return true;
            }
            refuseUnusableContentType(request);
            List<String> headers = java.util.Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
            if (headers.isEmpty()) {
                return true;
            }
            List<MediaType> acceptable;
            try {
                acceptable = MediaType.parseMediaTypes(headers);
            } catch (InvalidMediaTypeException e) {
                throw new HttpMediaTypeNotAcceptableException("The Accept header does not parse");
            }
            List<MediaType> producible = producible(method);
            if (producible.isEmpty() || acceptable.isEmpty()) {
                return true;
            }
            boolean answerable = acceptable.stream().anyMatch(wanted -> producible.stream().anyMatch(wanted::isCompatibleWith));
            if (!answerable) {
                throw new HttpMediaTypeNotAcceptableException(producible);
            }
            return true;
        }

        /** A body's Content-Type must name one type: a wildcard or a value that does not parse is refused (415). */
        private static void refuseUnusableContentType(HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
            String contentType = request.getContentType();
            if (contentType == null) {
                return;
            }
            try {
                MediaType type = MediaType.parseMediaType(contentType);
                if (type.isWildcardType() || type.isWildcardSubtype()) {
                    throw new HttpMediaTypeNotSupportedException("A wildcard Content-Type names no type");
                }
            } catch (InvalidMediaTypeException e) {
                throw new HttpMediaTypeNotSupportedException("The Content-Type does not parse");
            }
        }

        /** What the endpoint answers in; empty when it writes its own body type (files, streams) or none. */
        static List<MediaType> producible(HandlerMethod method) {
            RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
            if (mapping != null && mapping.produces().length > 0) {
                return Arrays.stream(mapping.produces()).map(MediaType::parseMediaType).toList();
            }
            MethodParameter returned = method.getReturnType();
            ResolvableType type = ResolvableType.forMethodParameter(returned);
            if (HttpEntity.class.isAssignableFrom(type.toClass())) {
                type = type.getGeneric(0);
            }
            Class<?> body = type.toClass();
            if (body == Object.class || body == void.class || body == Void.class || body == byte[].class || body == String.class
                    || Resource.class.isAssignableFrom(body) || InputStream.class.isAssignableFrom(body)
                    || StreamingResponseBody.class.isAssignableFrom(body)) {
                return List.of();
            }
            return JSON;
        }
    }
}
