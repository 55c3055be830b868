/**
 * The gateway's one session with the fleet (implemented by gw-uplink-mqtt), for bundles that exchange documents with
 * the server: {@link org.hanedge.gateway.api.uplink.Uplink} publishes under the gateway's topic root, and
 * {@link org.hanedge.gateway.api.uplink.DownlinkListener} services (whiteboard) receive the messages of the topics
 * they name. No other bundle opens a connection of its own.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hanedge.gateway.api.uplink;
