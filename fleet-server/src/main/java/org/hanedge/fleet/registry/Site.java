package org.hanedge.fleet.registry;

import java.util.List;

/**
 * A field site with its gateway, as listed in a sites CSV (one gateway per site; the gateway id is the site id).
 *
 * @param tags   free labels (from the CSV note, plus {@code corridor:<road>} for intersections)
 * @param groups rollout/grouping sets the gateway belongs to
 */
public record Site(String id, String kind, String name, String nameLocal, String district, Double lat, Double lon,
        String profile, String note, List<String> tags, List<String> groups) {
    public Site {
        tags = List.copyOf(tags);
        groups = List.copyOf(groups);
    }

    /** The site of a sites CSV row: tags from its note (and corridor), its kind as its one group. */
    public static Site of(org.hanedge.sites.Site row) {
        return new Site(row.id(), row.kind(), row.name(), row.nameLocal(), row.district(), row.lat(), row.lon(),
                row.profile(), row.note(), SiteTags.of(row.kind(), row.name(), row.note()), List.of(row.kind()));
    }
}
