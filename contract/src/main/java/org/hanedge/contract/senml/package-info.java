/**
 * The one SenML codec of HanEdge (RFC 8428): {@link org.hanedge.contract.senml.SenmlEncoder} (JSON §5, CBOR §6),
 * {@link org.hanedge.contract.senml.ThinEncoder} (the thin-link CBOR form) and the streaming
 * {@link org.hanedge.contract.senml.SenmlDecoder}, which reads any RFC 8428 pack.
 *
 * <h2>Encoding</h2>
 * Build {@link org.hanedge.contract.senml.Sample}s ({@code Sample.number(device, channel, fieldUnit, value, time,
 * quality, seq)}, {@code bool}, {@code text}, {@code noValue}); then either encode record by record with
 * {@code SenmlEncoder.encodeRecord(baseName, sample, precision)} and join with {@code pack(records)} (sizes exact
 * beforehand with {@code packSize}), or a whole pack with {@code encodePack(gatewayId, samples, precisions)} or
 * {@code new ThinEncoder(1000).encode(gatewayId, samples, precisions)}. Numbers are converted to a registered unit
 * ({@link org.hanedge.contract.senml.SenmlUnits}) and rounded to the channel's precision.
 *
 * <h2>Decoding</h2>
 * {@code new SenmlDecoder(maxBytes).decode(gatewayId, payload, SenmlFormat.detect(contentType, payload), now,
 * SeqRange.fromProperties(seq, seqCount))} gives a {@link org.hanedge.contract.senml.DecodedPack}: the good
 * records (each a {@code Sample} with its index) and one {@link org.hanedge.contract.senml.RecordProblem} per bad
 * record. A pack that cannot be read at all throws {@link org.hanedge.contract.senml.SenmlException}. Each
 * {@link org.hanedge.contract.senml.SenmlProblem} documents its meaning and maps onto a server dead-letter reason.
 * Decoded units are the wire's: convert to the profile's unit with {@code SenmlUnits.convert(value, unit,
 * fieldUnit)}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.hanedge.contract.senml;
