package org.hanedge.fleet.credential;

/** Published after a credential was revoked, so that the embedded broker disconnects a client still using it. */
public record MqttCredentialRevokedEvent(String username) {
}
