package org.hanedge.fleet.remoteconfig;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.hanedge.contract.config.ConfigStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code config_version} and {@code config_report} (migration V6), and dead letters of bad reports. */
@Repository
class RemoteConfigRepository {
    private static final String VERSION_COLUMNS = "gateway_id, version, document, author, reason, created_at, "
            + "published_at, gateway_layer, layers";
    private static final String LAYER_COLUMNS = "scope, name, version, document, author, reason, created_at";
    private static final String REPORT_COLUMNS = "id, gateway_id, version, status, errors, last_good, reported_at, "
            + "received_at";
    /** As the ingest keeps them: the first 64 KiB of the payload, base64. */
    private static final int KEEP_BYTES = 64 * 1024;

    private final JdbcClient jdbc;

    RemoteConfigRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean gatewayExists(String gatewayId) {
        return jdbc.sql("SELECT COUNT(*) FROM gateway WHERE id = ?").param(gatewayId).query(Long.class).single() > 0;
    }

    /** The highest stored version of the gateway, 0 when there is none. */
    long latestVersion(String gatewayId) {
        Long v = jdbc.sql("SELECT MAX(version) FROM config_version WHERE gateway_id = ?").param(gatewayId)
                .query(Long.class).optional().orElse(null);
        return v == null ? 0 : v;
    }

    Optional<StoredVersion> latest(String gatewayId) {
        return jdbc.sql("SELECT " + VERSION_COLUMNS + " FROM config_version WHERE gateway_id = ? "
                + "ORDER BY version DESC LIMIT 1").param(gatewayId).query(RemoteConfigRepository::version).optional();
    }

    Optional<StoredVersion> find(String gatewayId, long version) {
        return jdbc.sql("SELECT " + VERSION_COLUMNS + " FROM config_version WHERE gateway_id = ? AND version = ?")
                .params(gatewayId, version).query(RemoteConfigRepository::version).optional();
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the version exists (a concurrent change) */
    void insert(StoredVersion v) {
        jdbc.sql("INSERT INTO config_version (" + VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(v.gatewayId(), v.version(), v.document(), v.author(), v.reason(), v.createdAt(),
                        v.publishedAt(), v.gatewayLayer(), v.layers())
                .update();
    }

    /** The gateway's versions, newest first. */
    List<StoredVersion> versions(String gatewayId, long offset, int limit) {
        return jdbc.sql("SELECT " + VERSION_COLUMNS + " FROM config_version WHERE gateway_id = ? "
                + "ORDER BY version DESC LIMIT ? OFFSET ?").params(gatewayId, limit, offset)
                .query(RemoteConfigRepository::version).list();
    }

    long countVersions(String gatewayId) {
        return jdbc.sql("SELECT COUNT(*) FROM config_version WHERE gateway_id = ?").param(gatewayId)
                .query(Long.class).single();
    }

    /** Records the broker's acknowledgement of the version's retained publish (the first one only). */
    boolean markPublished(String gatewayId, long version, long at) {
        return jdbc.sql("UPDATE config_version SET published_at = ? WHERE gateway_id = ? AND version = ? "
                + "AND published_at IS NULL").params(at, gatewayId, version).update() == 1;
    }

    /** Every gateway that has a configuration version. */
    List<String> gatewaysWithVersions() {
        return jdbc.sql("SELECT DISTINCT gateway_id FROM config_version ORDER BY gateway_id").query(String.class)
                .list();
    }

    /** The gateways whose latest version the broker has not acknowledged yet. */
    List<String> gatewaysWithUnpublishedLatest() {
        return jdbc.sql("""
                SELECT v.gateway_id FROM config_version v
                WHERE v.published_at IS NULL
                  AND v.version = (SELECT MAX(w.version) FROM config_version w WHERE w.gateway_id = v.gateway_id)
                ORDER BY v.gateway_id""").query(String.class).list();
    }

    // ---- layers and groups ---------------------------------------------------------------------------------------

    /** Where a gateway belongs: its site kind, district and tags (the registry's). */
    record Membership(String kind, String district, List<String> tags) {
    }

    Optional<Membership> membership(String gatewayId) {
        Optional<String[]> row = jdbc.sql("SELECT kind, district FROM gateway WHERE id = ?").param(gatewayId)
                .query((rs, n) -> new String[] { rs.getString("kind"), rs.getString("district") }).optional();
        return row.map(r -> new Membership(r[0], r[1], jdbc.sql("SELECT tag FROM gateway_tag WHERE gateway_id = ? "
                + "ORDER BY tag").param(gatewayId).query(String.class).list()));
    }

    /** The ids of the gateways in a group (the whole registry for the fleet), in id order. */
    List<String> members(LayerGroup g) {
        return switch (g.scope()) {
            case FLEET -> jdbc.sql("SELECT id FROM gateway ORDER BY id").query(String.class).list();
            case KIND -> jdbc.sql("SELECT id FROM gateway WHERE kind = ? ORDER BY id").param(g.name())
                    .query(String.class).list();
            case DISTRICT -> jdbc.sql("SELECT id FROM gateway WHERE district = ? ORDER BY id").param(g.name())
                    .query(String.class).list();
            case TAG -> jdbc.sql("SELECT gateway_id FROM gateway_tag WHERE tag = ? ORDER BY gateway_id")
                    .param(g.name()).query(String.class).list();
        };
    }

    long latestLayerVersion(LayerGroup g) {
        Long v = jdbc.sql("SELECT MAX(version) FROM config_layer WHERE scope = ? AND name = ?")
                .params(g.scope().name(), g.name()).query(Long.class).optional().orElse(null);
        return v == null ? 0 : v;
    }

    Optional<StoredLayer> latestLayer(LayerGroup g) {
        return jdbc.sql("SELECT " + LAYER_COLUMNS + " FROM config_layer WHERE scope = ? AND name = ? "
                + "ORDER BY version DESC LIMIT 1").params(g.scope().name(), g.name())
                .query(RemoteConfigRepository::layer).optional();
    }

    Optional<StoredLayer> layer(LayerGroup g, long version) {
        return jdbc.sql("SELECT " + LAYER_COLUMNS + " FROM config_layer WHERE scope = ? AND name = ? AND version = ?")
                .params(g.scope().name(), g.name(), version).query(RemoteConfigRepository::layer).optional();
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the version exists (a concurrent change) */
    void insertLayer(StoredLayer l) {
        jdbc.sql("INSERT INTO config_layer (" + LAYER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(l.group().scope().name(), l.group().name(), l.version(), l.document(), l.author(),
                        l.reason(), l.createdAt())
                .update();
    }

    List<StoredLayer> layerVersions(LayerGroup g, long offset, int limit) {
        return jdbc.sql("SELECT " + LAYER_COLUMNS + " FROM config_layer WHERE scope = ? AND name = ? "
                + "ORDER BY version DESC LIMIT ? OFFSET ?").params(g.scope().name(), g.name(), limit, offset)
                .query(RemoteConfigRepository::layer).list();
    }

    long countLayerVersions(LayerGroup g) {
        return jdbc.sql("SELECT COUNT(*) FROM config_layer WHERE scope = ? AND name = ?")
                .params(g.scope().name(), g.name()).query(Long.class).single();
    }

    /** The latest version of every layer. */
    List<StoredLayer> latestLayers() {
        return jdbc.sql("""
                SELECT l.scope, l.name, l.version, l.document, l.author, l.reason, l.created_at FROM config_layer l
                WHERE l.version = (SELECT MAX(m.version) FROM config_layer m WHERE m.scope = l.scope AND m.name = l.name)
                ORDER BY l.scope, l.name""").query(RemoteConfigRepository::layer).list();
    }

    // ---- pushes -------------------------------------------------------------------------------------------------

    record StoredPush(long id, String target, String author, String reason, long createdAt) {
    }

    record PushTarget(String gatewayId, String outcome, Long version, String detail) {
    }

    long insertPush(String target, String author, String reason, long at) {
        org.springframework.jdbc.support.KeyHolder keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("INSERT INTO config_push (target, author, reason, created_at) VALUES (?, ?, ?, ?)")
                .params(target, author, reason, at).update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    void insertPushTarget(long pushId, PushTarget t) {
        jdbc.sql("INSERT INTO config_push_gateway (push_id, gateway_id, outcome, version, detail) "
                + "VALUES (?, ?, ?, ?, ?)").params(pushId, t.gatewayId(), t.outcome(), t.version(), t.detail())
                .update();
    }

    Optional<StoredPush> push(long id) {
        return jdbc.sql("SELECT id, target, author, reason, created_at FROM config_push WHERE id = ?").param(id)
                .query((rs, n) -> new StoredPush(rs.getLong("id"), rs.getString("target"), rs.getString("author"),
                        rs.getString("reason"), rs.getLong("created_at"))).optional();
    }

    List<PushTarget> pushTargets(long pushId) {
        return jdbc.sql("SELECT gateway_id, outcome, version, detail FROM config_push_gateway WHERE push_id = ? "
                + "ORDER BY gateway_id").param(pushId)
                .query((rs, n) -> {
                    long v = rs.getLong("version");
                    Long version = rs.wasNull() ? null : v;
                    return new PushTarget(rs.getString("gateway_id"), rs.getString("outcome"), version,
                            rs.getString("detail"));
                }).list();
    }

    // ---- reports ------------------------------------------------------------------------------------------------

    Optional<StoredReport> latestReport(String gatewayId) {
        return jdbc.sql("SELECT " + REPORT_COLUMNS + " FROM config_report WHERE gateway_id = ? "
                + "ORDER BY id DESC LIMIT 1").param(gatewayId).query(RemoteConfigRepository::report).optional();
    }

    void insertReport(StoredReport r) {
        jdbc.sql("INSERT INTO config_report (gateway_id, version, status, errors, last_good, reported_at, "
                + "received_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(r.gatewayId(), r.version(), r.status().name(), r.errors(), r.lastGood(), r.reportedAt(),
                        r.receivedAt())
                .update();
    }

    /** The gateway's reports, newest first. */
    List<StoredReport> reports(String gatewayId, long offset, int limit) {
        return jdbc.sql("SELECT " + REPORT_COLUMNS + " FROM config_report WHERE gateway_id = ? "
                + "ORDER BY id DESC LIMIT ? OFFSET ?").params(gatewayId, limit, offset)
                .query(RemoteConfigRepository::report).list();
    }

    long countReports(String gatewayId) {
        return jdbc.sql("SELECT COUNT(*) FROM config_report WHERE gateway_id = ?").param(gatewayId)
                .query(Long.class).single();
    }

    /** A report that could not be used, kept like the ingest's dead letters (not replayable: not a data topic). */
    void insertDeadLetter(long receivedAt, String gatewayId, String topic, String reason, String detail,
            byte[] payload) {
        String clipped = detail.length() <= 1000 ? detail : detail.substring(0, 997) + "...";
        String kept = payload == null || payload.length == 0 ? null
                : Base64.getEncoder().encodeToString(payload.length <= KEEP_BYTES ? payload
                        : java.util.Arrays.copyOf(payload, KEEP_BYTES));
        jdbc.sql("INSERT INTO dead_letter (received_at, gateway_id, topic, reason, detail, payload_size, payload) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(receivedAt, gatewayId, topic.length() <= 256 ? topic : topic.substring(0, 256), reason,
                        clipped, payload == null ? 0 : payload.length, kept)
                .update();
    }

    private static StoredVersion version(ResultSet rs, int n) throws SQLException {
        long published = rs.getLong("published_at");
        Long publishedAt = rs.wasNull() ? null : published;
        return new StoredVersion(rs.getString("gateway_id"), rs.getLong("version"), rs.getString("document"),
                rs.getString("author"), rs.getString("reason"), rs.getLong("created_at"), publishedAt,
                rs.getString("gateway_layer"), rs.getString("layers"));
    }

    private static StoredLayer layer(ResultSet rs, int n) throws SQLException {
        return new StoredLayer(new LayerGroup(LayerGroup.Scope.valueOf(rs.getString("scope")), rs.getString("name")),
                rs.getLong("version"), rs.getString("document"), rs.getString("author"), rs.getString("reason"),
                rs.getLong("created_at"));
    }

    private static StoredReport report(ResultSet rs, int n) throws SQLException {
        return new StoredReport(rs.getLong("id"), rs.getString("gateway_id"), rs.getLong("version"),
                ConfigStatus.valueOf(rs.getString("status")), rs.getString("errors"), rs.getLong("last_good"),
                rs.getLong("reported_at"), rs.getLong("received_at"));
    }
}
