/** The demo school a newcomer sees on first start of {@code ./mvnw spring-boot:run}. */
@org.springframework.modulith.ApplicationModule(displayName = "Demo")
package org.custodian.demo;
