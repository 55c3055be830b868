/**
 * The durable store-and-forward outbox between acquisition and the uplink.
 *
 * <p>Contract: every entry gets a gateway-wide sequence number, strictly increasing and never reused across
 * restarts. An entry stays on disk until the uplink {@linkplain org.hanedge.gateway.api.outbox.Outbox#acknowledge
 * acknowledges} it (after the broker's PUBACK); after a crash, every entry that was not acknowledged is delivered
 * again, so delivery is at least once and receivers drop repeats by (gateway id, sequence). Entries are taken highest
 * priority first and oldest first within a priority. When the outbox is full, its policy drops the oldest entries of
 * the lowest priority or rejects new ones; every drop is counted by reason.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hanedge.gateway.api.outbox;
