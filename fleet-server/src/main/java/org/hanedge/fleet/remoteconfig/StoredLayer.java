package org.hanedge.fleet.remoteconfig;

/** One row of {@code config_layer}: a version of a layer's partial site document (JSON). */
record StoredLayer(LayerGroup group, long version, String document, String author, String reason, long createdAt) {
}
