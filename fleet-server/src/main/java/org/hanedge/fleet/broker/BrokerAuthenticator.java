package org.hanedge.fleet.broker;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

import org.hanedge.fleet.credential.CredentialVerifier;
import org.hanedge.fleet.credential.MqttPrincipal;
import org.hanedge.fleet.credential.MqttRole;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.services.builder.Builders;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Checks every CONNECT of the embedded broker: user name and password (the server's own in-memory user, or a
 * credential of {@link CredentialVerifier}), then the client id, and sets the client's topic permissions
 * ({@link AclRules}, default DENY). Unknown user or wrong password: CONNACK 0x86; a client id the user may not
 * use: 0x87. The check runs on a small executor of our own, so a database look-up never blocks HiveMQ's threads.
 */
final class BrokerAuthenticator implements SimpleAuthenticator {
    private final String serverUsername;
    private final byte[] serverPassword;
    private final CredentialVerifier verifier;
    private final Executor executor;
    private final RefusalLog refusals;
    private final Counter badCredentials;
    private final Counter badClientId;

    BrokerAuthenticator(String serverUsername, byte[] serverPassword, CredentialVerifier verifier, Executor executor,
                        RefusalLog refusals, MeterRegistry meters) {
        this.refusals = refusals;
        this.serverUsername = serverUsername;
        this.serverPassword = serverPassword.clone();
        this.verifier = verifier;
        this.executor = executor;
        this.badCredentials = Counter.builder("hanedge.broker.auth.failures").tag("reason", "bad-credentials")
                .description("MQTT connections refused by the embedded broker").register(meters);
        this.badClientId = Counter.builder("hanedge.broker.auth.failures").tag("reason", "client-id-not-allowed")
                .description("MQTT connections refused by the embedded broker").register(meters);
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        Async<SimpleAuthOutput> async = output.async(Duration.ofSeconds(10), TimeoutFallback.FAILURE,
                ConnackReasonCode.SERVER_BUSY, "authentication timed out");
        try {
            executor.execute(() -> {
                try {
                    decide(input, output);
                } catch (RuntimeException e) {
                    output.failAuthentication(ConnackReasonCode.UNSPECIFIED_ERROR, "authentication failed");
                    refusals.refused("connection refused: error while authenticating: " + e, input.getConnectPacket().getUserName().orElse(""),
                            input.getClientInformation().getClientId(), address(input));
                } finally {
                    async.resume();
                }
            });
        } catch (RuntimeException rejected) { // executor saturated or shut down
            output.failAuthentication(ConnackReasonCode.SERVER_BUSY, "server busy");
            async.resume();
        }
    }

    private void decide(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        String username = connect.getUserName().orElse(null);
        byte[] password = connect.getPassword().map(BrokerAuthenticator::bytes).orElse(null);
        String clientId = input.getClientInformation().getClientId();

        Optional<MqttPrincipal> principal = authenticate(username, password);
        if (principal.isEmpty()) {
            badCredentials.increment();
            refusals.refused(username == null ? "connection refused: no user name" : "connection refused: bad user name or password",
                    username, clientId, address(input));
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
            return;
        }
        MqttPrincipal p = principal.get();
        if (!AclRules.clientIdAllowed(p, clientId)) {
            badClientId.increment();
            refusals.refused("connection refused: client id not allowed for this user", username, clientId, address(input));
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "client id must be the user name");
            return;
        }
        ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
        permissions.clear();
        for (AclRule rule : AclRules.forPrincipal(p)) {
            permissions.add(permission(rule));
        }
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        ConnectionPrincipal.store(input.getConnectionInformation().getConnectionAttributeStore(), p);
        output.authenticateSuccessfully();
    }

    private Optional<MqttPrincipal> authenticate(String username, byte[] password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        if (username.equals(serverUsername)) {
            return MessageDigest.isEqual(serverPassword, password)
                    ? Optional.of(new MqttPrincipal(serverUsername, MqttRole.SERVER, null)) : Optional.empty();
        }
        return verifier.authenticate(username, password);
    }

    private static TopicPermission permission(AclRule rule) {
        return Builders.topicPermission()
                .topicFilter(rule.topicFilter())
                .type(TopicPermission.PermissionType.ALLOW)
                .activity(switch (rule.activity()) {
                    case PUBLISH -> TopicPermission.MqttActivity.PUBLISH;
                    case SUBSCRIBE -> TopicPermission.MqttActivity.SUBSCRIBE;
                    case ALL -> TopicPermission.MqttActivity.ALL;
                })
                .sharedSubscription(rule.shared() == AclRule.Shared.ALL
                        ? TopicPermission.SharedSubscription.ALL : TopicPermission.SharedSubscription.NOT_SHARED)
                .build();
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] a = new byte[d.remaining()];
        d.get(a);
        return a;
    }

    private static String address(SimpleAuthInput input) {
        return input.getConnectionInformation().getInetAddress().map(InetAddress::getHostAddress).orElse("unknown address");
    }
}
