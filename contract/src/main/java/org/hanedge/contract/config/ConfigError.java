package org.hanedge.contract.config;

import java.util.Objects;

/**
 * One problem of a configuration.
 *
 * @param path    the field in the site document, in the site file's notation ({@code devices[1].modbus.unitId},
 *                {@code uplink.password}); empty for the document as a whole
 * @param message what is wrong, for people; never contains a secret
 */
public record ConfigError(String path, String message) {
    public ConfigError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** A problem of the document as a whole. */
    public static ConfigError of(String message) {
        return new ConfigError("", message);
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
