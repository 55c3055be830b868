package org.hanedge.provisioning;

/** One row of the sites CSV: what the fleet server registers for a gateway. */
public record Site(String id, String kind, String name, String nameLocal, String district, Double lat, Double lon,
        String profile, String note) {
}
