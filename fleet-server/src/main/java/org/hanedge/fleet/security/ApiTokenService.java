package org.hanedge.fleet.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.hanedge.fleet.api.NotFoundException;
import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.security.ApiTokenRepository.TokenRow;
import org.hanedge.fleet.security.TokenDto.TokenState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.stereotype.Service;

/**
 * API tokens for machines: {@code hanedge_} followed by 32 random bytes in base64url (no padding). Only the SHA-256
 * hex of the whole token is stored; a token is looked up by that hash. {@code last_used_at} is written at most once a
 * minute per token.
 */
@Service
public class ApiTokenService implements TokenAuthenticator {
    public static final String PREFIX = "hanedge_";
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ApiTokenService.class);

    private final ApiTokenRepository tokens;
    private final SecureRandom random = new SecureRandom();

    public ApiTokenService(ApiTokenRepository tokens) {
        this.tokens = tokens;
    }

    /** Creates a token; the answer is the only place the token ever appears. */
    public CreatedTokenDto create(CreateTokenRequest req, String createdBy) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = System.currentTimeMillis();
        Long expiresAt = req.expiresInDays() == null ? null : now + Duration.ofDays(req.expiresInDays()).toMillis();
        long id = tokens.insert(req.name(), hash(token), req.role(), createdBy, now, expiresAt);
        log.info("API token {} '{}' with role {} created by {}", id, req.name(), req.role(), createdBy);
        return new CreatedTokenDto(id, req.name(), req.role(), instant(expiresAt), token);
    }

    public PageDto<TokenDto> list(int page, int size) {
        long now = System.currentTimeMillis();
        return new PageDto<>(tokens.list(page * size, size).stream().map(r -> dto(r, now)).toList(), page, size,
                tokens.count());
    }

    /** Revokes a token (again: no change). */
    public void revoke(long id) {
        TokenRow row = tokens.find(id).orElseThrow(() -> new NotFoundException("token", Long.toString(id)));
        tokens.revoke(id, System.currentTimeMillis());
        log.info("API token {} '{}' revoked", id, row.name());
    }

    @Override
    public ApiTokenAuthentication authenticate(String token) {
        if (!token.startsWith(PREFIX)) {
            throw new BadCredentialsException("not a HanEdge API token (they start with " + PREFIX + ")");
        }
        TokenRow row = tokens.findByHash(hash(token)).orElseThrow(() -> new BadCredentialsException("unknown token"));
        long now = System.currentTimeMillis();
        switch (state(row, now)) {
            case REVOKED -> throw new BadCredentialsException("token is revoked");
            case EXPIRED -> throw new BadCredentialsException("token is expired");
            case ACTIVE -> { }
        }
        long olderThan = now - TOUCH_INTERVAL.toMillis();
        if (row.lastUsedAt() == null || row.lastUsedAt() < olderThan) {
            tokens.touch(row.id(), now, olderThan);
        }
        return new ApiTokenAuthentication(row.id(), row.name(), row.role());
    }

    /** SHA-256 hex of the token's UTF-8 bytes, as stored in {@code api_token.token_hash}. */
    static String hash(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static TokenState state(TokenRow r, long now) {
        if (r.revokedAt() != null) {
            return TokenState.REVOKED;
        }
        return r.expiresAt() != null && r.expiresAt() <= now ? TokenState.EXPIRED : TokenState.ACTIVE;
    }

    private static TokenDto dto(TokenRow r, long now) {
        return new TokenDto(r.id(), r.name(), r.role(), r.createdBy(), Instant.ofEpochMilli(r.createdAt()),
                instant(r.expiresAt()), instant(r.lastUsedAt()), instant(r.revokedAt()), state(r, now));
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
