package org.hanedge.fleet.registry;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A site's free labels when none are given: the parts of its note, plus the corridor of an intersection. */
final class SiteTags {
    private SiteTags() {
    }

    /**
     * Labels from the note ({@code "connected; green-wave corridor"} -> {@code connected}, {@code green-wave corridor})
     * and, for an intersection named {@code "<road> - <road>"}, {@code corridor:<first road>}.
     */
    static List<String> of(String kind, String name, String note) {
        Set<String> tags = new LinkedHashSet<>();
        if (note != null) {
            for (String part : note.split(";")) {
                if (!part.isBlank()) {
                    tags.add(part.trim());
                }
            }
        }
        if ("intersection".equals(kind) && name.contains(" - ")) {
            tags.add("corridor:" + name.substring(0, name.indexOf(" - ")).trim());
        }
        return List.copyOf(tags);
    }
}
