package org.hanedge.fleet.credential;

/** No MQTT credential has this user name. */
public class UnknownCredentialException extends RuntimeException {
    private final String username;

    public UnknownCredentialException(String username) {
        super("MQTT credential '" + username + "' does not exist");
        this.username = username;
    }

    public String username() {
        return username;
    }
}
