/**
 * The gateway's shared vocabulary: readings with quality, the in-process reading stream and the driver SPI.
 * Interfaces and records only; implementations live in their own bundles.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.hanedge.gateway.api;
