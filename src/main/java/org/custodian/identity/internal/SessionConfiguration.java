package org.custodian.identity.internal;

import java.util.EnumSet;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.servlet.DispatcherType;

import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.PlatformCipher;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.jdbc.config.annotation.SpringSessionTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    /** Session attributes are bound to this record id and field (they belong to no school). */
    static final UUID SESSION_ATTRIBUTES = new UUID(0, 0);
    static final String SESSION_ATTRIBUTE = "spring-session.attribute";

    /**
     * The session store's transactions need no tenant scope (its tables hold no school's rows and
     * have no row-level security). With the tenant-aware manager, beginning each one resolved the
     * scope from the signed-in user, which loaded the session a second time on every request.
     */
    @Bean
    @SpringSessionTransactionManager
    PlatformTransactionManager sessionTransactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    /**
     * Every user of the session store (Spring Session's filter, sign-in, session lists) gets the JDBC
     * repository Boot configures, wrapped: session ids stored only as hashes, loaded once per request,
     * last-access writes thinned out. A post-processor, so Boot's JDBC session configuration
     * (timeouts, clean-up) stays as it is.
     */
    @Bean
    static BeanPostProcessor sparingSessions(ObjectProvider<SessionPolicyProperties> policy) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof JdbcIndexedSessionRepository jdbcSessions)) {
                    return bean;
                }
                var hashed = new HashedIdSessionRepository<>(jdbcSessions);
                jdbcSessions.setSessionIdGenerator(hashed.storedIdGenerator());
                return new SparingSessionRepository<>(hashed, policy.getObject().lastAccessResolution());
            }
        };
    }

    /** Outside every other filter, Spring Session's included, for every dispatch. */
    @Bean
    FilterRegistrationBean<SessionRequestScopeFilter> sessionRequestScope() {
        var registration = new FilterRegistrationBean<>(new SessionRequestScopeFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
        return registration;
    }

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionsIndexedByUserId(PlatformCipher cipher) {
        return repository -> {
            repository.setIndexResolver(SignedInSessions.userIdIndex());
            repository.setConversionService(encryptedAttributes(cipher));
        };
    }

    /**
     * A session's attributes hold the signed-in user (username and name): they are serialised as
     * Spring Session does, then encrypted with the platform keyset. An attribute that does not
     * decrypt (stored before, or altered) reads as absent: that session is simply not signed in.
     */
    static GenericConversionService encryptedAttributes(PlatformCipher cipher) {
        var serializer = new SerializingConverter();
        var deserializer = new DeserializingConverter(SessionConfiguration.class.getClassLoader());
        GenericConversionService service = new GenericConversionService();
        service.addConverter(Object.class, byte[].class,
                source -> cipher.encrypt(SESSION_ATTRIBUTES, SESSION_ATTRIBUTE, serializer.convert(source)));
        service.addConverter(byte[].class, Object.class, source -> {
            try {
                return deserializer.convert(cipher.decrypt(SESSION_ATTRIBUTES, SESSION_ATTRIBUTE, source));
            } catch (CiphertextRejectedException e) {
                return null;
            }
        });
        return service;
    }
}
