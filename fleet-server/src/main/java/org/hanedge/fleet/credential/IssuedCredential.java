package org.hanedge.fleet.credential;

/**
 * A freshly issued MQTT credential. The password exists only here: the database keeps its hash.
 *
 * @param username the MQTT user name (a gateway's is its id, a backend's is {@code backend-<name>})
 * @param password the secret, base64url of 32 random bytes (never logged: {@link #toString()} masks it)
 * @param role     what it may do
 */
public record IssuedCredential(String username, String password, MqttRole role) {
    @Override
    public String toString() {
        return "IssuedCredential[username=" + username + ", role=" + role + ", password=********]";
    }
}
