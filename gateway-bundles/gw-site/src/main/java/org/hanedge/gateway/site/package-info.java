/**
 * The site file's rules for code off the gateway: {@link org.hanedge.gateway.site.SiteDocumentCheck} checks a site
 * document meant to be pushed to a gateway with exactly the parser gw-site runs on the gateway (the fleet server uses
 * this bundle as a plain jar for it). Plain Java without OSGi types.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hanedge.gateway.site;
