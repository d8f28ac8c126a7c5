package org.custodian.misimport.internal;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the servlet container keeps an upload while its request lasts: always the owner-only
 * {@code incoming} folder of the import directory, made absolute here. A relative
 * {@code spring.servlet.multipart.location} would be taken relative to the container's own
 * temporary folder, so plaintext uploads would land outside the data directory.
 */
@Configuration(proxyBeanMethods = false)
class UploadConfiguration {

    @Bean
    MultipartConfigElement multipartConfigElement(MultipartProperties multipart, ImportProperties imports) {
        MultipartConfigElement limits = multipart.createMultipartConfig();
        return new MultipartConfigElement(imports.directory().toAbsolutePath().resolve("incoming").toString(),
                limits.getMaxFileSize(), limits.getMaxRequestSize(), limits.getFileSizeThreshold());
    }
}
