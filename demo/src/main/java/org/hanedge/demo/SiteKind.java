package org.hanedge.demo;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The demo city's site kinds; each can get a real gateway runtime on its simulators (the profile has the same id). */
public enum SiteKind {
    INTERSECTION("intersection"),
    LAKE("lake"),
    PUMP_STATION("pump-station"),
    WASTE_TRUCK("waste-truck"),
    FISHING_BOAT("fishing-boat");

    private final String id;

    SiteKind(String id) {
        this.id = id;
    }

    /** The kind's id in the sites CSV and its profile id. */
    public String id() {
        return id;
    }

    /** Every kind's id, comma-separated, in the demo's order. */
    public static String allIds() {
        return Arrays.stream(values()).map(SiteKind::id).collect(Collectors.joining(","));
    }

    /**
     * Parses a comma-separated list such as {@code intersection,pump-station}.
     *
     * @throws DemoUsageException naming the unknown kind and the known ones
     */
    public static List<SiteKind> parseList(String list) throws DemoUsageException {
        List<SiteKind> kinds = new java.util.ArrayList<>();
        for (String s : list.split(",", -1)) {
            String id = s.trim();
            SiteKind k = Arrays.stream(values()).filter(v -> v.id.equals(id)).findFirst()
                    .orElseThrow(() -> new DemoUsageException("--kinds: unknown site kind '" + id + "' (kinds: "
                            + allIds() + ")"));
            if (!kinds.contains(k)) {
                kinds.add(k);
            }
        }
        return List.copyOf(kinds);
    }
}
