/**
 * The MQTT side of the HanEdge uplink contract (docs/uplink.md, "Wire contract").
 *
 * <ul>
 * <li>{@link org.hanedge.contract.mqtt.Topics}: every topic is {@code hanedge/v1/{gatewayId}/{kind}}; build one with
 * {@code Topics.of(gatewayId, TopicKind.TELEMETRY)} or {@code Topics.command(gatewayId, "write")}, subscribe with
 * {@code Topics.filter(TopicKind.ALARM)}, and read one with {@code Topics.parse(topic)}, which returns a
 * {@link org.hanedge.contract.mqtt.GatewayTopic} or throws a {@link org.hanedge.contract.mqtt.TopicException} whose
 * {@link org.hanedge.contract.mqtt.TopicException.Problem} says what was wrong.</li>
 * <li>{@link org.hanedge.contract.mqtt.ContentType}: the MQTT 5 content types; {@link
 * org.hanedge.contract.mqtt.TelemetryForm}: JSON, CBOR or the thin-link CBOR form a site config chooses.</li>
 * <li>{@link org.hanedge.contract.mqtt.UserProperties} and {@link org.hanedge.contract.mqtt.SeqRange}: the
 * {@code seq} / {@code seq-count} user properties and the sequence-number rules.</li>
 * <li>{@link org.hanedge.contract.mqtt.PublishSize}: the exact size of an MQTT 5 PUBLISH packet on the wire, with
 * its topic name or a topic alias.</li>
 * </ul>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.hanedge.contract.mqtt;
