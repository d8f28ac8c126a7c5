package org.custodian.identity.internal;

import java.util.EnumSet;

import javax.sql.DataSource;

import jakarta.servlet.DispatcherType;

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
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

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
                // Innermost: attributes bound to the row's primary id; then ids stored only as hashes.
                var hashed = new HashedIdSessionRepository<>(SessionAttributeEncryption.around(jdbcSessions));
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
            // Two requests of one browser may both add the same new attribute: the later save
            // updates it (an upsert) instead of failing on the attribute's primary key.
            new PostgreSqlJdbcIndexedSessionRepositoryCustomizer().customize(repository);
            repository.setIndexResolver(SignedInSessions.userIdIndex());
            repository.setConversionService(serialisedAttributes());
            repository.setLobHandler(new SessionAttributeEncryption(cipher).lobHandler());
        };
    }

    /**
     * Attributes are serialised as Spring Session does (with this application's class loader); the
     * bytes are encrypted as they are stored ({@link SessionAttributeEncryption}).
     */
    static GenericConversionService serialisedAttributes() {
        GenericConversionService service = new GenericConversionService();
        service.addConverter(Object.class, byte[].class, new SerializingConverter());
        service.addConverter(byte[].class, Object.class,
                new DeserializingConverter(SessionConfiguration.class.getClassLoader()));
        return service;
    }
}
