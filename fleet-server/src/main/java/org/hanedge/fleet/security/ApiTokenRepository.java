package org.hanedge.fleet.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Table {@code api_token}: tokens only as SHA-256 hex of the token. */
@Repository
public class ApiTokenRepository {

    /** A row of {@code api_token} (without the hash). Times in epoch milliseconds, null when not set. */
    public record TokenRow(long id, String name, Role role, String createdBy, long createdAt, Long expiresAt,
            Long lastUsedAt, Long revokedAt) {
    }

    private static final String COLUMNS =
            "id, name, role, created_by, created_at, expires_at, last_used_at, revoked_at";

    private final JdbcClient jdbc;

    public ApiTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(String name, String tokenHash, Role role, String createdBy, long createdAt, Long expiresAt) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO api_token (name, token_hash, role, created_by, created_at, expires_at)
                VALUES (:n, :h, :r, :b, :c, :e)""")
                .param("n", name).param("h", tokenHash).param("r", role.name()).param("b", createdBy)
                .param("c", createdAt).param("e", expiresAt).update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<TokenRow> findByHash(String tokenHash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE token_hash = :h").param("h", tokenHash)
                .query(ApiTokenRepository::row).optional();
    }

    public Optional<TokenRow> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_token WHERE id = :id").param("id", id)
                .query(ApiTokenRepository::row).optional();
    }

    public List<TokenRow> list(int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_token ORDER BY id OFFSET :o ROWS FETCH NEXT :l ROWS ONLY")
                .param("o", offset).param("l", limit).query(ApiTokenRepository::row).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM api_token").query(Long.class).single();
    }

    /** Sets {@code revoked_at} unless already revoked. */
    public void revoke(long id, long now) {
        jdbc.sql("UPDATE api_token SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .param("now", now).param("id", id).update();
    }

    /** Sets {@code last_used_at} to now unless it is newer than {@code olderThan}. */
    public void touch(long id, long now, long olderThan) {
        jdbc.sql("""
                UPDATE api_token SET last_used_at = :now
                WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :older)""")
                .param("now", now).param("id", id).param("older", olderThan).update();
    }

    private static TokenRow row(ResultSet rs, int n) throws SQLException {
        return new TokenRow(rs.getLong("id"), rs.getString("name"), Role.valueOf(rs.getString("role")),
                rs.getString("created_by"), rs.getLong("created_at"), nullableLong(rs, "expires_at"),
                nullableLong(rs, "last_used_at"), nullableLong(rs, "revoked_at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
