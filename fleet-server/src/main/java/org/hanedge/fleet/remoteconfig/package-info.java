/**
 * Versioned remote configuration, the server side of docs/remote-config.md: every desired configuration of a
 * gateway kept as a version (who, when, why), checked with the gateway's own site parser and the server's profiles
 * before it is stored, published retained on the gateway's {@code config/desired}; the gateways' {@code
 * config/reported} documents stored as history; {@code /api/v1/gateways/{id}/config} and {@code /api/v1/config/...}.
 */
package org.hanedge.fleet.remoteconfig;
