package org.hanedge.fleet.credential;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.hanedge.fleet.config.FleetProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, revokes and checks the MQTT credentials of gateways, read-only backends and, in demo mode only, read-only
 * monitors (table {@code mqtt_credential}). Secrets are generated here, shown once, and stored as salted SHA-256
 * ({@link SecretHasher} says why a fast hash is right). Rows that passed a check are cached in memory for a
 * minute, so a reconnect storm does not hit the database once per client; issuing or revoking drops the entry.
 *
 * <p>User names: a gateway's is its id; a backend's is {@code backend-<name>}; a monitor's {@code monitor-<name>};
 * {@value #SERVER_USERNAME} is the server's own (in memory, never in the table). Gateway ids that fall into those
 * name spaces are refused. A monitor (it also reads the gateways' stats) exists for the demo's wire check: outside
 * demo mode none is issued, and one left in the table from a demo run does not authenticate.
 */
@Service
public class MqttCredentialService implements CredentialVerifier {
    /** The server's own MQTT user (embedded broker). */
    public static final String SERVER_USERNAME = "hanedge-server";
    public static final String BACKEND_PREFIX = "backend-";
    public static final String MONITOR_PREFIX = "monitor-";
    private static final Pattern BACKEND_NAME = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Duration CACHE_TTL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(MqttCredentialService.class);

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecretHasher hasher;
    private final boolean demo;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Stored(MqttPrincipal principal, String secretHash) {
    }

    private record Cached(Stored stored, long loadedAt) {
    }

    @Autowired
    public MqttCredentialService(JdbcClient jdbc, ApplicationEventPublisher events, FleetProperties properties) {
        this(jdbc, events, Clock.systemUTC(), new SecureRandom(), properties.demo());
    }

    MqttCredentialService(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, SecureRandom random,
            boolean demo) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.hasher = new SecretHasher(random);
        this.demo = demo;
    }

    /**
     * A new credential for a registered gateway, replacing (and so invalidating) any earlier one.
     *
     * @throws UnknownGatewayException  when no gateway has this id
     * @throws IllegalArgumentException when the id is blank or lies in a reserved user name space
     */
    @Transactional
    public IssuedCredential issueForGateway(String gatewayId) {
        if (gatewayId == null || gatewayId.isBlank()) {
            throw new IllegalArgumentException("gateway id is blank");
        }
        if (gatewayId.startsWith(BACKEND_PREFIX) || gatewayId.startsWith(MONITOR_PREFIX)
                || gatewayId.startsWith(SERVER_USERNAME)) {
            throw new IllegalArgumentException("gateway id '" + gatewayId + "' starts with a reserved MQTT user name prefix ("
                    + BACKEND_PREFIX + ", " + MONITOR_PREFIX + ", " + SERVER_USERNAME + ")");
        }
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM gateway WHERE id = ?").param(gatewayId).query(Long.class).single() > 0;
        if (!exists) {
            throw new UnknownGatewayException(gatewayId);
        }
        return store(gatewayId, MqttRole.GATEWAY, gatewayId);
    }

    /** New credentials for several gateways in one transaction: all are issued, or (on an error) none. */
    @Transactional
    public java.util.List<IssuedCredential> issueForGateways(java.util.List<String> gatewayIds) {
        return gatewayIds.stream().map(this::issueForGateway).toList();
    }

    /**
     * A new read-only credential {@code backend-<name>}, replacing any earlier one of that name.
     *
     * @throws IllegalArgumentException when the name is not 1-40 of {@code A-Z a-z 0-9 _ -}
     */
    @Transactional
    public IssuedCredential issueForBackend(String name) {
        if (name == null || !BACKEND_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("backend name must be 1 to 40 letters, digits, '_' or '-', was '" + name + "'");
        }
        return store(BACKEND_PREFIX + name, MqttRole.BACKEND, null);
    }

    /**
     * Demo mode only: a new read-only credential {@code monitor-<name>} that may also read the gateways' stats,
     * replacing any earlier one of that name.
     *
     * @throws IllegalStateException    outside demo mode
     * @throws IllegalArgumentException when the name is not 1-40 of {@code A-Z a-z 0-9 _ -}
     */
    @Transactional
    public IssuedCredential issueForMonitor(String name) {
        if (!demo) {
            throw new IllegalStateException("monitor credentials exist in demo mode only (hanedge.fleet.demo)");
        }
        if (name == null || !BACKEND_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("monitor name must be 1 to 40 letters, digits, '_' or '-', was '" + name + "'");
        }
        return store(MONITOR_PREFIX + name, MqttRole.MONITOR, null);
    }

    /**
     * Revokes a credential (idempotent); a client still connected with it is disconnected (embedded broker).
     *
     * @throws UnknownCredentialException when there is no credential of this name
     */
    public void revoke(String username) {
        int n = jdbc.sql("UPDATE mqtt_credential SET revoked_at = COALESCE(revoked_at, ?) WHERE username = ?")
                .param(clock.millis()).param(username).update();
        cache.remove(username);
        if (n == 0) {
            throw new UnknownCredentialException(username);
        }
        LOG.info("MQTT credential {} revoked", username);
        events.publishEvent(new MqttCredentialRevokedEvent(username));
    }

    @Override
    public Optional<MqttPrincipal> authenticate(String username, byte[] password) {
        if (username == null || password == null || username.length() > 64) {
            return Optional.empty();
        }
        Stored stored = lookup(username);
        if (stored == null) {
            SecretHasher.verify(password, DUMMY_HASH); // same work as for a known user
            return Optional.empty();
        }
        if (!SecretHasher.verify(password, stored.secretHash())) {
            return Optional.empty();
        }
        if (stored.principal().role() == MqttRole.MONITOR && !demo) {
            LOG.warn("MQTT credential {} (role MONITOR, from a demo run) refused: monitors exist in demo mode only",
                    username);
            return Optional.empty();
        }
        return Optional.of(stored.principal());
    }

    private static final String DUMMY_HASH = "sha256$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private Stored lookup(String username) {
        long now = clock.millis();
        Cached c = cache.get(username);
        if (c != null && now - c.loadedAt() < CACHE_TTL.toMillis()) {
            return c.stored();
        }
        Stored s = jdbc.sql("SELECT role, gateway_id, secret_hash FROM mqtt_credential WHERE username = ? AND revoked_at IS NULL")
                .param(username)
                .query((rs, i) -> new Stored(new MqttPrincipal(username, MqttRole.valueOf(rs.getString("role")),
                        rs.getString("gateway_id")), rs.getString("secret_hash")))
                .optional().orElse(null);
        if (s == null) {
            cache.remove(username); // unknown users are not cached: nobody can fill the memory with them
        } else {
            cache.put(username, new Cached(s, now));
        }
        return s;
    }

    private IssuedCredential store(String username, MqttRole role, String gatewayId) {
        String secret = hasher.newSecret();
        String hash = hasher.hash(secret);
        long now = clock.millis();
        int n = jdbc.sql("UPDATE mqtt_credential SET role = ?, gateway_id = ?, secret_hash = ?, created_at = ?, revoked_at = NULL"
                        + " WHERE username = ?")
                .params(role.name(), gatewayId, hash, now, username).update();
        if (n == 0) {
            jdbc.sql("INSERT INTO mqtt_credential (username, role, gateway_id, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)")
                    .params(username, role.name(), gatewayId, hash, now).update();
        }
        cache.remove(username);
        LOG.info("MQTT credential {} issued (role {}){}", username, role, n == 0 ? "" : ", replacing the earlier one");
        return new IssuedCredential(username, secret, role);
    }
}
