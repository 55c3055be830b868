package org.hanedge.fleet.credential;

import java.util.Optional;

/** Checks an MQTT user name and password (the embedded broker's authenticator asks this). */
@FunctionalInterface
public interface CredentialVerifier {
    /**
     * @return the principal when the user exists, is not revoked and the password is right; empty otherwise
     *         (never throws for bad input)
     */
    Optional<MqttPrincipal> authenticate(String username, byte[] password);
}
