package org.custodian.schools.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.custodian.schools.InformationSharingAgreements;
import org.custodian.web.ProblemException;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** A fresh installation publishes the bundled agreement text as version 1 so schools can accept it. */
@Component
@Order(1)
class IsaBootstrap implements ApplicationRunner {

    private final InformationSharingAgreements agreements;
    private final IsaProperties properties;

    IsaBootstrap(InformationSharingAgreements agreements, IsaProperties properties) {
        this.agreements = agreements;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (agreements.current().isPresent()) {
            return;
        }
        try {
            String text = new ClassPathResource(properties.initialText()).getContentAsString(StandardCharsets.UTF_8);
            agreements.publish("Custodian Information Sharing Agreement", text, null);
        } catch (ProblemException e) {
            // Another instance published it at the same moment.
            if (!"isa-version-exists".equals(e.code())) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The bundled agreement text is missing", e);
        }
    }
}
