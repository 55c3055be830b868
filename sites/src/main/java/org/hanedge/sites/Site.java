package org.hanedge.sites;

import java.util.Objects;

/**
 * One row of a sites CSV: a field site and its one gateway (the gateway id is the site id).
 *
 * @param id        {@code site_id}: 1-64 letters, digits, '.', '_' or '-'
 * @param kind      {@code kind}, e.g. {@code intersection}, {@code lake}, {@code fishing-boat}; never blank
 * @param name      {@code name} (ASCII in the demo city); never blank
 * @param nameLocal {@code name_local}, the name in the local script (Vietnamese), or null
 * @param district  {@code district} or null
 * @param lat       {@code lat} in degrees within ±90, or null
 * @param lon       {@code lon} in degrees within ±180, or null
 * @param profile   {@code profile}, the device profile id, or null (then the kind names it)
 * @param note      {@code note}, free text (labels separated by {@code ;}), or null
 */
public record Site(String id, String kind, String name, String nameLocal, String district, Double lat, Double lon,
        String profile, String note) {
    public Site {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** The device profile of this site's gateway: {@link #profile()}, or {@link #kind()} when none is given. */
    public String profileOrKind() {
        return profile == null ? kind : profile;
    }
}
