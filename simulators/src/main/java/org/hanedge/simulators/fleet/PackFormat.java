package org.hanedge.simulators.fleet;

import java.util.Locale;

/** How telemetry packs are encoded on the wire (docs/uplink.md). */
public enum PackFormat {
    JSON("application/senml+json"), CBOR("application/senml+cbor");

    private final String contentType;

    PackFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** {@code json} or {@code cbor} (also {@code senml+json}, {@code senml+cbor}), any case. */
    public static PackFormat parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t.startsWith("senml+") ? t.substring(6) : t) {
            case "json" -> JSON;
            case "cbor" -> CBOR;
            default -> throw new IllegalArgumentException("unknown format '" + text + "' (use json or cbor)");
        };
    }
}
