package org.hanedge.fleet.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code hanedge.fleet}. Every one has a default, so the server starts with no configuration.
 *
 * @param dataDir   where the H2 database, the broker's data and generated secrets live
 * @param demo      demo mode: well-known demo credentials are created (never in production)
 * @param profilesDir device profiles (YAML) the server validates telemetry against
 * @param sitesCsv  optional CSV of sites seeding the registry on start (existing gateways are left alone)
 * @param alarms    the server's derived alarms
 * @param webhooks  outbound alarm webhooks by domain (site kind: {@code intersection}, {@code lake} ...) or
 *                  {@code *} (every domain; write the key {@code "[*]"} in YAML and properties)
 * @param webhookDelivery how webhooks are sent and retried
 */
@ConfigurationProperties("hanedge.fleet")
public record FleetProperties(
        @DefaultValue("fleet-data") Path dataDir,
        @DefaultValue("false") boolean demo,
        @DefaultValue("device-profiles") Path profilesDir,
        Path sitesCsv,
        @DefaultValue Mqtt mqtt,
        @DefaultValue Ingest ingest,
        @DefaultValue Retention retention,
        @DefaultValue Alarms alarms,
        Map<String, Webhook> webhooks,
        @DefaultValue WebhookDelivery webhookDelivery) {

    public FleetProperties {
        webhooks = webhooks == null ? Map.of() : Map.copyOf(webhooks);
    }

    /**
     * @param mode          {@code embedded} (HiveMQ CE inside the server) or {@code external}
     * @param port          embedded broker's plain TCP port
     * @param bindAddress   embedded broker's listen address
     * @param tlsPort       embedded broker's TLS port (0 = no TLS listener)
     * @param tlsKeystore   PKCS#12 or JKS key store for the TLS listener
     * @param tlsKeystorePassword its password
     * @param externalUri   external broker, {@code tcp://host:1883} or {@code ssl://host:8883}
     * @param username      the server's own MQTT user on an external broker
     * @param password      its password (never logged)
     * @param sharedGroup   shared-subscription group, so several servers split the load
     * @param clientId      the server's MQTT client id (unique per server instance; its persistent session)
     */
    public record Mqtt(
            @DefaultValue("embedded") String mode,
            @DefaultValue("1883") int port,
            @DefaultValue("0.0.0.0") String bindAddress,
            @DefaultValue("0") int tlsPort,
            Path tlsKeystore,
            String tlsKeystorePassword,
            String externalUri,
            String username,
            String password,
            @DefaultValue("hanedge-fleet") String sharedGroup,
            @DefaultValue("hanedge-fleet-1") String clientId) {

        public boolean embedded() {
            return !"external".equalsIgnoreCase(mode);
        }

        @Override
        public String toString() {
            return "Mqtt[mode=" + mode + ", port=" + port + ", tlsPort=" + tlsPort + ", externalUri=" + externalUri
                    + ", username=" + username + ", password=" + (password == null ? "none" : "********") + "]";
        }
    }

    /**
     * @param batchSize        readings per database batch at most
     * @param queueCapacity    readings waiting to be written before MQTT acknowledgements are held back
     * @param maxMessageBytes  larger payloads go to dead letter unread
     * @param maxFutureSkew    a record time further ahead of the server clock is absurd
     * @param oldestTime       a record time before this is absurd (ISO date)
     * @param maxSeriesPerGateway series (device, channel) one gateway may create; records beyond are dead letters
     * @param maxDevicesPerBirth  devices one birth may announce; a birth with more is refused (a dead letter)
     * @param ackTimeout       embedded broker: a publish not committed within this is answered with an error PUBACK
     *                         (the gateway keeps it and sends it again)
     */
    public record Ingest(
            @DefaultValue("5000") int batchSize,
            @DefaultValue("200000") int queueCapacity,
            @DefaultValue("262144") int maxMessageBytes,
            @DefaultValue("1d") Duration maxFutureSkew,
            @DefaultValue("2000-01-01") String oldestTime,
            @DefaultValue("2000") int maxSeriesPerGateway,
            @DefaultValue("100") int maxDevicesPerBirth,
            @DefaultValue("30s") Duration ackTimeout) {
    }

    /** How long each resolution is kept. */
    public record Retention(
            @DefaultValue("30d") Duration raw,
            @DefaultValue("90d") Duration minute,
            @DefaultValue("730d") Duration hour,
            @DefaultValue("3650d") Duration day) {
    }

    /**
     * The alarms the server derives itself (docs/fleet-alarms.md).
     *
     * @param checkInterval      how often the rules run
     * @param offlineAfter       a gateway not heard from for longer is offline ({@code GATEWAY_OFFLINE})
     * @param offlineAfterByKind per site kind, e.g. {@code waste-truck: 30m} (vehicles leave coverage)
     * @param clockDriftLimit    |gateway clock - server clock| beyond this raises {@code CLOCK_DRIFT}
     */
    public record Alarms(
            @DefaultValue("30s") Duration checkInterval,
            @DefaultValue("5m") Duration offlineAfter,
            Map<String, Duration> offlineAfterByKind,
            @DefaultValue("30s") Duration clockDriftLimit) {

        public Alarms {
            offlineAfterByKind = offlineAfterByKind == null ? Map.of() : Map.copyOf(offlineAfterByKind);
        }

        /** The offline limit for gateways of that kind. */
        public Duration offlineAfter(String kind) {
            return kind == null ? offlineAfter : offlineAfterByKind.getOrDefault(kind, offlineAfter);
        }
    }

    /**
     * One outbound webhook.
     *
     * @param url    {@code http} or {@code https} URL the JSON documents are POSTed to
     * @param secret HMAC-SHA256 key of the {@code X-HanEdge-Signature} header (never logged)
     */
    public record Webhook(String url, String secret) {
        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=" + (secret == null ? "none" : "********") + "]";
        }
    }

    /**
     * @param timeout      one attempt's limit (connect and response)
     * @param baseDelay    delay after the first failed attempt; doubled after each further one (plus up to 25 % jitter)
     * @param maxDelay     the delay's cap
     * @param maxAttempts  attempts before a delivery is given up (FAILED)
     * @param pollInterval how often the sender looks for due deliveries
     */
    public record WebhookDelivery(
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("1s") Duration baseDelay,
            @DefaultValue("5m") Duration maxDelay,
            @DefaultValue("12") int maxAttempts,
            @DefaultValue("1s") Duration pollInterval) {
    }
}
