/**
 * What every page and API shares: the HTTPS server (with a self-signed certificate on first start),
 * RFC 9457 problem details with stable codes, the error page and the layout.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package org.custodian.web;
