package org.hanedge.fleet.broker;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.hanedge.fleet.credential.MqttRole;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Who is connected to the embedded broker: gauge {@code hanedge.broker.connections{role}}, and the client ids of
 * each user (so that a revoked credential's clients can be disconnected).
 */
final class ConnectionTracker implements ClientLifecycleEventListener {
    private static final String COUNTED = "hanedge.counted";
    private final Map<MqttRole, AtomicInteger> connected = new EnumMap<>(MqttRole.class);
    /** user name -> client id -> open connections (a taken-over session briefly has two) */
    private final Map<String, Map<String, Integer>> clientsByUser = new ConcurrentHashMap<>();

    ConnectionTracker(MeterRegistry meters) {
        for (MqttRole role : MqttRole.values()) {
            AtomicInteger n = new AtomicInteger();
            connected.put(role, n);
            Gauge.builder("hanedge.broker.connections", n, AtomicInteger::get).tag("role", role.name())
                    .description("clients connected to the embedded MQTT broker").strongReference(true).register(meters);
        }
    }

    int connected(MqttRole role) {
        return connected.get(role).get();
    }

    /** Client ids connected now with this user name. */
    Set<String> clientsOf(String username) {
        return Set.copyOf(clientsByUser.getOrDefault(username, Map.of()).keySet());
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        ConnectionAttributeStore store = input.getConnectionInformation().getConnectionAttributeStore();
        ConnectionPrincipal.read(store).ifPresent(p -> {
            connected.get(p.role()).incrementAndGet();
            String clientId = input.getClientInformation().getClientId();
            clientsByUser.compute(p.username(), (u, ids) -> {
                Map<String, Integer> m = ids == null ? new ConcurrentHashMap<>() : ids;
                m.merge(clientId, 1, Integer::sum);
                return m;
            });
            store.putAsString(COUNTED, "y");
        });
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        ConnectionAttributeStore store = input.getConnectionInformation().getConnectionAttributeStore();
        if (store.remove(COUNTED).isEmpty()) {
            return; // never authenticated, or already counted out
        }
        ConnectionPrincipal.read(store).ifPresent(p -> {
            connected.get(p.role()).decrementAndGet();
            String clientId = input.getClientInformation().getClientId();
            clientsByUser.computeIfPresent(p.username(), (u, ids) -> {
                ids.computeIfPresent(clientId, (id, n) -> n > 1 ? n - 1 : null);
                return ids.isEmpty() ? null : ids;
            });
        });
    }

    /** The broker stopped: nobody is connected any more. */
    void reset() {
        connected.values().forEach(n -> n.set(0));
        clientsByUser.clear();
    }
}
