package org.hanedge.fleet.registry;

/** Criteria for listing gateways; null means any. {@code text} matches id, name or local name. */
public record GatewayFilter(String kind, String district, Boolean online, String firmware, String tag, String text) {
    public static final GatewayFilter ANY = new GatewayFilter(null, null, null, null, null, null);
}
