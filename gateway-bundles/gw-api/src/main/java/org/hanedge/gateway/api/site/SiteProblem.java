package org.hanedge.gateway.api.site;

import java.util.Objects;

/**
 * Why a site document was refused.
 *
 * @param path    the field, in the site file's notation ({@code devices[1].modbus.unitId}); empty for the document as a
 *                whole
 * @param message what is wrong; never echoes a secret
 */
public record SiteProblem(String path, String message) {
    public SiteProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
