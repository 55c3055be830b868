/**
 * Remote configuration (docs/remote-config.md): the documents on {@code config/desired} (down, retained) and
 * {@code config/reported} (up, retained).
 *
 * <ul>
 * <li>{@link org.hanedge.contract.config.DesiredConfig}: a version assigned by the server (strictly increasing per
 * gateway), the site document (the schema of the gateway's site file, docs/gateway-config.md, without the
 * credential) and optional profile versions, profile documents to install
 * ({@link org.hanedge.contract.config.ProfileDocument}, since 1.1), author and reason.</li>
 * <li>{@link org.hanedge.contract.config.ReportedConfig}: what the gateway made of a version
 * ({@link org.hanedge.contract.config.ConfigStatus}), the errors with their field paths
 * ({@link org.hanedge.contract.config.ConfigError}) and the version of its last good configuration.</li>
 * <li>{@link org.hanedge.contract.config.ConfigDocuments} reads and writes both as JSON; a document it cannot use
 * throws a {@link org.hanedge.contract.config.ConfigDocumentException} naming the field.</li>
 * </ul>
 * JSON Schemas: {@code /org/hanedge/contract/schema/config-desired.schema.json} and
 * {@code config-reported.schema.json}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.hanedge.contract.config;
