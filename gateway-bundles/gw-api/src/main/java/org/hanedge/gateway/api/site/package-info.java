/**
 * The gateway's site configuration as a service (implemented by gw-site): check and apply a site document through
 * Config Admin, return to the site file, read the site file as a document. The configuration agent
 * (gw-config-agent) applies pushed configurations through it, so a pushed document is parsed, checked and applied by
 * exactly the code that handles the site file (docs/gateway-config.md, docs/remote-config.md).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hanedge.gateway.api.site;
