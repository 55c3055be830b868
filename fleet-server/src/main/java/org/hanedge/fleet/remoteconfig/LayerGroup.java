package org.hanedge.fleet.remoteconfig;

import java.util.Locale;

import org.hanedge.fleet.api.BadRequestException;

/**
 * A configuration layer below the gateway's own document: the fleet default, or a group of gateways by site kind,
 * district or tag (the registry's {@code kind}, {@code district}, tags). Written {@code fleet}, {@code kind:lake},
 * {@code district:Hải Châu}, {@code tag:connected}; merged in that order of scopes (tags in name order).
 */
record LayerGroup(Scope scope, String name) {
    /** The scopes, lowest first. */
    enum Scope {
        FLEET, KIND, DISTRICT, TAG
    }

    static final LayerGroup FLEET = new LayerGroup(Scope.FLEET, "default");

    LayerGroup {
        if (scope == Scope.FLEET) {
            name = "default";
        } else if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("a group needs a name of 1 to 100 characters");
        }
    }

    String label() {
        return scope == Scope.FLEET ? "fleet" : scope.name().toLowerCase(Locale.ROOT) + ":" + name;
    }

    /**
     * @param label {@code fleet}, {@code kind:X}, {@code district:X} or {@code tag:X}
     * @throws BadRequestException naming {@code parameter} when it is none of them
     */
    static LayerGroup parse(String parameter, String label) {
        if (label == null || label.isBlank()) {
            throw new BadRequestException(parameter, "required: fleet, kind:KIND, district:DISTRICT or tag:TAG");
        }
        String l = label.trim();
        if (l.equalsIgnoreCase("fleet")) {
            return FLEET;
        }
        int colon = l.indexOf(':');
        if (colon > 0) {
            String scope = l.substring(0, colon).toUpperCase(Locale.ROOT);
            String name = l.substring(colon + 1).trim();
            for (Scope s : Scope.values()) {
                if (s != Scope.FLEET && s.name().equals(scope) && !name.isEmpty() && name.length() <= 100) {
                    return new LayerGroup(s, name);
                }
            }
        }
        throw new BadRequestException(parameter, "'" + label + "' is not fleet, kind:KIND, district:DISTRICT or "
                + "tag:TAG");
    }
}
