package org.hanedge.fleet.profile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The profile library's table {@code profile_version} (V10) and who runs which version; H2 and PostgreSQL. */
@Repository
public class ProfileLibraryRepository {
    private static final String COLUMNS = "profile_id, version, yaml, sha256, uploader, uploaded_at, note";

    private final JdbcClient jdbc;

    public ProfileLibraryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a version; a duplicate (id, version) throws {@code DuplicateKeyException}. */
    public void insert(StoredProfileVersion v) {
        jdbc.sql("INSERT INTO profile_version (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(v.profileId(), v.version(), v.yaml(), v.sha256(), v.uploader(), v.uploadedAt(), v.note())
                .update();
    }

    public Optional<StoredProfileVersion> find(String profileId, String version) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM profile_version WHERE profile_id = ? AND version = ?")
                .params(profileId, version).query(ProfileLibraryRepository::row).optional();
    }

    /** Every version, by id and version text (callers order versions semantically). */
    public List<StoredProfileVersion> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM profile_version ORDER BY profile_id, version")
                .query(ProfileLibraryRepository::row).list();
    }

    /**
     * Which gateways run which profile version, from the devices of their latest birth message
     * ({@code gateway_device}): profile id -> version -> gateway ids (sorted).
     */
    public Map<String, Map<String, TreeSet<String>>> runningGateways() {
        Map<String, Map<String, TreeSet<String>>> out = new TreeMap<>();
        jdbc.sql("SELECT DISTINCT profile_id, profile_version, gateway_id FROM gateway_device"
                + " WHERE profile_id IS NOT NULL AND profile_version IS NOT NULL")
                .query(rs -> {
                    out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new TreeSet<>()).add(rs.getString(3));
                });
        return out;
    }

    /** The profile versions a gateway's latest birth announced: profile id -> version (one per id, the highest text). */
    public Map<String, String> runningOn(String gatewayId) {
        Map<String, String> out = new TreeMap<>();
        jdbc.sql("SELECT profile_id, MAX(profile_version) FROM gateway_device WHERE gateway_id = ?"
                + " AND profile_id IS NOT NULL AND profile_version IS NOT NULL GROUP BY profile_id")
                .param(gatewayId).query(rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    private static StoredProfileVersion row(ResultSet rs, int n) throws SQLException {
        return new StoredProfileVersion(rs.getString("profile_id"), rs.getString("version"), rs.getString("yaml"),
                rs.getString("sha256"), rs.getString("uploader"), rs.getLong("uploaded_at"), rs.getString("note"));
    }
}
