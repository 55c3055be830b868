package org.hanedge.fleet.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.credential.CredentialVerifier;
import org.hanedge.fleet.credential.MqttCredentialRevokedEvent;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.credential.MqttRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.session.ClientService;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The embedded MQTT 5 broker (HiveMQ CE), active unless {@code hanedge.fleet.mqtt.mode=external}. Folders under
 * {@code {data-dir}/broker/} ({@code conf}, {@code data}, {@code extensions}); the configuration is rewritten on
 * every start ({@link BrokerConfigWriter}). An embedded extension authenticates every client and sets its topic
 * permissions ({@link BrokerAuthenticator}, {@link AclRules}) and counts connections ({@link ConnectionTracker}).
 * When a {@link BrokerIngest} bean exists, the extension also hands it the gateways' uplink messages and
 * acknowledges each only after its commit ({@link IngestInterceptor}), and numbers the connections and stamps their
 * Last Wills ({@link WillStamper}).
 *
 * <p>At start a random password is generated (in memory only) for the server's own user
 * {@value MqttCredentialService#SERVER_USERNAME}, role SERVER; {@link #endpoint()} hands it to the server's MQTT
 * clients. A port already in use fails the start with a message naming it.
 */
@Component
@ConditionalOnExpression("!'${hanedge.fleet.mqtt.mode:embedded}'.equalsIgnoreCase('external')")
public class EmbeddedBroker implements SmartLifecycle, ServerMqttAccess {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final FleetProperties.Mqtt settings;
    private final Path root;
    private final CredentialVerifier verifier;
    private final MeterRegistry meters;
    private final ConnectionTracker connections;
    private final ObjectProvider<BrokerIngest> ingest;
    private final RefusalLog refusals = new RefusalLog();
    private final SecureRandom random = new SecureRandom();

    private volatile EmbeddedHiveMQ hivemq;
    private volatile MqttEndpoint endpoint;
    private volatile ClientService clientService;
    private volatile ThreadPoolExecutor authExecutor;

    /** A broker alone, acknowledging publishes on receipt (no ingest). */
    public EmbeddedBroker(FleetProperties properties, CredentialVerifier verifier, MeterRegistry meters) {
        this(properties, verifier, meters, null);
    }

    /** @param ingest the ingest publishes are handed to before they are acknowledged (looked up at start) */
    @Autowired
    public EmbeddedBroker(FleetProperties properties, CredentialVerifier verifier, MeterRegistry meters,
            ObjectProvider<BrokerIngest> ingest) {
        this.ingest = ingest;
        if (!"embedded".equalsIgnoreCase(properties.mqtt().mode())) {
            throw new IllegalStateException("hanedge.fleet.mqtt.mode must be 'embedded' or 'external', was '" + properties.mqtt().mode() + "'");
        }
        this.settings = properties.mqtt();
        this.root = properties.dataDir().resolve("broker").toAbsolutePath();
        this.verifier = verifier;
        this.meters = meters;
        this.connections = new ConnectionTracker(meters);
    }

    @Override
    public int getPhase() {
        return BROKER_PHASE;
    }

    @Override
    public boolean isRunning() {
        return hivemq != null;
    }

    @Override
    public MqttEndpoint endpoint() {
        MqttEndpoint e = endpoint;
        if (e == null) {
            throw new IllegalStateException("the embedded MQTT broker is not running");
        }
        return e;
    }

    /** Clients connected now, by role (also the gauge {@code hanedge.broker.connections}). */
    public int connected(MqttRole role) {
        return connections.connected(role);
    }

    @Override
    public synchronized void start() {
        if (hivemq != null) {
            return;
        }
        quietHiveMqLogging();
        checkPortFree("hanedge.fleet.mqtt.port", settings.port());
        if (settings.tlsPort() > 0) {
            checkPortFree("hanedge.fleet.mqtt.tls-port", settings.tlsPort());
        }
        Path conf = root.resolve("conf");
        Path data = root.resolve("data");
        Path extensions = root.resolve("extensions");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(data);
            Files.createDirectories(extensions);
            BrokerConfigWriter.write(conf, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded MQTT broker's folders under " + root, e);
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);

        ThreadPoolExecutor executor = authExecutor();
        BrokerAuthenticator authenticator = new BrokerAuthenticator(MqttCredentialService.SERVER_USERNAME,
                password.getBytes(StandardCharsets.UTF_8), verifier, executor, refusals, meters);
        BrokerIngest target = ingest == null ? null : ingest.getIfAvailable();
        ConnectionNumbers numbers = new ConnectionNumbers(Clock.systemUTC());
        IngestInterceptor interceptor = target == null ? null : new IngestInterceptor(target, numbers);
        WillStamper willStamper = target == null ? null : new WillStamper(numbers);
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withoutLoggingBootstrap()
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("hanedge-auth").withName("HanEdge authentication and ACLs").withVersion("1")
                        .withPriority(1000).withStartPriority(1000)
                        .withExtensionMain(new Extension(authenticator, new PublishAcl(refusals), interceptor, willStamper)).build())
                .build();
        try {
            broker.start().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(broker, executor);
            throw new IllegalStateException("interrupted while starting the embedded MQTT broker", e);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(broker, executor);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("the embedded MQTT broker did not start (port " + settings.port()
                    + (settings.tlsPort() > 0 ? ", TLS port " + settings.tlsPort() : "") + " on " + settings.bindAddress() + "): " + cause, cause);
        }
        hivemq = broker;
        authExecutor = executor;
        endpoint = new MqttEndpoint(localHost(), settings.port(), false, MqttCredentialService.SERVER_USERNAME, password);
        LOG.info("embedded MQTT broker listening on {}:{}{} (data in {})", settings.bindAddress(), settings.port(),
                settings.tlsPort() > 0 ? ", TLS on port " + settings.tlsPort() : "", data);
    }

    @Override
    public synchronized void stop() {
        EmbeddedHiveMQ broker = hivemq;
        if (broker == null) {
            return;
        }
        endpoint = null;
        hivemq = null;
        clientService = null;
        closeQuietly(broker, authExecutor);
        authExecutor = null;
        connections.reset();
        LOG.info("embedded MQTT broker stopped");
    }

    /** The clients still connected with a revoked credential are disconnected at once. */
    @EventListener
    public void onRevoked(MqttCredentialRevokedEvent event) {
        ClientService clients = clientService;
        if (clients != null) {
            Set<String> ids = new HashSet<>(connections.clientsOf(event.username()));
            ids.add(event.username()); // a gateway's client id, even if it connected a moment ago
            ids.forEach(clients::disconnectClient);
        }
    }

    private void closeQuietly(EmbeddedHiveMQ broker, ThreadPoolExecutor executor) {
        try {
            broker.stop().get(60, TimeUnit.SECONDS);
            broker.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("embedded MQTT broker did not stop cleanly: {}", e.toString());
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static ThreadPoolExecutor authExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(20_000), r -> {
            Thread t = new Thread(r, "hanedge-mqtt-auth-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Where the server's own clients connect: the bind address, or loopback when bound to all addresses. */
    private String localHost() {
        String bind = settings.bindAddress();
        return bind == null || bind.isBlank() || "0.0.0.0".equals(bind) || "::".equals(bind) ? "127.0.0.1" : bind;
    }

    private void checkPortFree(String setting, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), port));
        } catch (BindException e) {
            throw new IllegalStateException("the embedded MQTT broker cannot listen on port " + port + " (" + setting + ") of "
                    + settings.bindAddress() + ": the port is in use or not allowed (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalStateException("the embedded MQTT broker cannot listen on " + settings.bindAddress() + ":" + port
                    + " (" + setting + "): " + e.getMessage(), e);
        }
    }

    /** HiveMQ's start-up chatter goes to WARN unless a level for com.hivemq was configured. */
    private static void quietHiveMqLogging() {
        try {
            LoggingSystem logging = LoggingSystem.get(EmbeddedBroker.class.getClassLoader());
            var current = logging.getLoggerConfiguration("com.hivemq");
            if (current == null || current.getConfiguredLevel() == null) {
                logging.setLogLevel("com.hivemq", LogLevel.WARN);
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot set HiveMQ's log level: {}", e.toString());
        }
    }

    /**
     * The embedded extension: registers the authenticator, the connection listener and, per client, the ACL check
     * followed by the ingest interceptor (HiveMQ calls an extension's interceptors in the order they were added and
     * skips the rest once one prevents delivery).
     */
    private final class Extension implements ExtensionMain {
        private final BrokerAuthenticator authenticator;
        private final PublishAcl publishAcl;
        private final IngestInterceptor ingestInterceptor;
        private final WillStamper willStamper;

        Extension(BrokerAuthenticator authenticator, PublishAcl publishAcl, IngestInterceptor ingestInterceptor,
                WillStamper willStamper) {
            this.authenticator = authenticator;
            this.publishAcl = publishAcl;
            this.ingestInterceptor = ingestInterceptor;
            this.willStamper = willStamper;
        }

        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
            if (willStamper != null) {
                Services.interceptorRegistry().setConnectInboundInterceptorProvider(providerInput -> willStamper);
            }
            Services.initializerRegistry().setClientInitializer((initInput, client) -> {
                client.addPublishInboundInterceptor(publishAcl);
                if (ingestInterceptor != null) {
                    client.addPublishInboundInterceptor(ingestInterceptor);
                }
            });
            Services.eventRegistry().setClientLifecycleEventListener(providerInput -> connections);
            clientService = Services.clientService();
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        }
    }
}
