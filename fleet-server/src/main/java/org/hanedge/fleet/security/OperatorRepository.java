package org.hanedge.fleet.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code operator}: people using the API. Passwords only as delegating-encoder hashes. */
@Repository
public class OperatorRepository {

    /** A row of {@code operator}. */
    public record OperatorRow(String username, String displayName, Role role, String passwordHash, boolean enabled,
            long createdAt) {
        @Override
        public String toString() { // no hash in logs
            return "OperatorRow[" + username + ", " + role + ", enabled=" + enabled + "]";
        }
    }

    private final JdbcClient jdbc;

    public OperatorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM operator").query(Long.class).single();
    }

    public long countEnabledAdmins() {
        return jdbc.sql("SELECT COUNT(*) FROM operator WHERE role = :role AND enabled = TRUE")
                .param("role", Role.ADMIN.name()).query(Long.class).single();
    }

    public Optional<OperatorRow> find(String username) {
        return jdbc.sql("SELECT * FROM operator WHERE username = :u").param("u", username)
                .query(OperatorRepository::row).optional();
    }

    public List<OperatorRow> list(int offset, int limit) {
        return jdbc.sql("SELECT * FROM operator ORDER BY username OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
                .param("offset", offset).param("limit", limit).query(OperatorRepository::row).list();
    }

    public void insert(OperatorRow r) {
        jdbc.sql("""
                INSERT INTO operator (username, display_name, role, password_hash, enabled, created_at)
                VALUES (:u, :d, :r, :h, :e, :c)""")
                .param("u", r.username()).param("d", r.displayName()).param("r", r.role().name())
                .param("h", r.passwordHash()).param("e", r.enabled()).param("c", r.createdAt()).update();
    }

    public void update(OperatorRow r) {
        jdbc.sql("""
                UPDATE operator SET display_name = :d, role = :r, password_hash = :h, enabled = :e
                WHERE username = :u""")
                .param("u", r.username()).param("d", r.displayName()).param("r", r.role().name())
                .param("h", r.passwordHash()).param("e", r.enabled()).update();
    }

    public boolean delete(String username) {
        return jdbc.sql("DELETE FROM operator WHERE username = :u").param("u", username).update() > 0;
    }

    private static OperatorRow row(ResultSet rs, int n) throws SQLException {
        return new OperatorRow(rs.getString("username"), rs.getString("display_name"),
                Role.valueOf(rs.getString("role")), rs.getString("password_hash"), rs.getBoolean("enabled"),
                rs.getLong("created_at"));
    }
}
