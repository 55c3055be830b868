package org.hanedge.fleet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.BadCredentialsException;

class ApiTokenServiceTest {
    @TempDir
    Path dir;

    JdbcClient jdbc;
    ApiTokenService tokens;

    @BeforeEach
    void setUp() {
        jdbc = TempH2.migrated(dir);
        tokens = new ApiTokenService(new ApiTokenRepository(jdbc));
    }

    @Test
    void tokenIsPrefixedRandomBase64UrlAndOnlyItsSha256IsStored() {
        CreatedTokenDto created = tokens.create(new CreateTokenRequest("city-backend", Role.OPERATOR, 30), "admin");
        assertThat(created.token()).matches("hanedge_[A-Za-z0-9_-]{43}");
        assertThat(tokens.create(new CreateTokenRequest("other", Role.VIEWER, null), "admin").token())
                .isNotEqualTo(created.token());

        String stored = jdbc.sql("SELECT token_hash FROM api_token WHERE id = :id").param("id", created.id())
                .query(String.class).single();
        assertThat(stored).hasSize(64).isEqualTo(ApiTokenService.hash(created.token()))
                .doesNotContain(created.token().substring(8));

        ApiTokenAuthentication auth = tokens.authenticate(created.token());
        assertThat(auth.getName()).isEqualTo("token:city-backend");
        assertThat(auth.role()).isEqualTo(Role.OPERATOR);
        assertThat(auth.getAuthorities()).extracting(a -> a.getAuthority()).containsExactly("ROLE_OPERATOR");
    }

    @Test
    void unknownRevokedAndExpiredTokensAreRefused() {
        assertThatThrownBy(() -> tokens.authenticate("hanedge_nope")).isInstanceOf(BadCredentialsException.class)
                .hasMessage("unknown token");
        assertThatThrownBy(() -> tokens.authenticate("Basic abc")).isInstanceOf(BadCredentialsException.class);

        CreatedTokenDto revoked = tokens.create(new CreateTokenRequest("r", Role.VIEWER, null), "admin");
        tokens.revoke(revoked.id());
        assertThatThrownBy(() -> tokens.authenticate(revoked.token())).hasMessage("token is revoked");

        CreatedTokenDto expired = tokens.create(new CreateTokenRequest("e", Role.VIEWER, 1), "admin");
        jdbc.sql("UPDATE api_token SET expires_at = :t WHERE id = :id")
                .param("t", System.currentTimeMillis() - 1).param("id", expired.id()).update();
        assertThatThrownBy(() -> tokens.authenticate(expired.token())).hasMessage("token is expired");

        assertThat(tokens.list(0, 10).items()).extracting(TokenDto::name, TokenDto::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("r", TokenDto.TokenState.REVOKED),
                org.assertj.core.groups.Tuple.tuple("e", TokenDto.TokenState.EXPIRED));
    }

    @Test
    void lastUsedIsWrittenAtMostOnceAMinute() {
        CreatedTokenDto created = tokens.create(new CreateTokenRequest("scraper", Role.VIEWER, null), "admin");
        assertThat(lastUsed(created.id())).isNull();

        tokens.authenticate(created.token());
        Long first = lastUsed(created.id());
        assertThat(first).isNotNull();

        long recent = System.currentTimeMillis() - 30_000;
        setLastUsed(created.id(), recent);
        tokens.authenticate(created.token());
        assertThat(lastUsed(created.id())).isEqualTo(recent);

        long old = System.currentTimeMillis() - 61_000;
        setLastUsed(created.id(), old);
        tokens.authenticate(created.token());
        assertThat(lastUsed(created.id())).isGreaterThan(old + 60_000);
    }

    private Long lastUsed(long id) {
        return jdbc.sql("SELECT last_used_at FROM api_token WHERE id = :id").param("id", id)
                .query((rs, n) -> rs.getObject(1, Long.class)).list().get(0);
    }

    private void setLastUsed(long id, long t) {
        jdbc.sql("UPDATE api_token SET last_used_at = :t WHERE id = :id").param("t", t).param("id", id).update();
    }
}
