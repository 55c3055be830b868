package org.hanedge.gateway.profile;

import java.util.List;
import java.util.Set;

import org.hanedge.gateway.api.profile.Source;
import org.hanedge.gateway.api.profile.ValueKind;

/**
 * A parsed source with the value kinds and units it allows. {@code source == null}: the source had problems but its
 * kind is known, so the channel's other fields are still checked. {@code units == null}: any known unit.
 *
 * @param natural the kind the source produces unless the channel names another of {@code kinds}
 * @param what    how the source is named in messages, for example {@code a modbus uint16 source}
 */
record SourceInfo(Source source, ValueKind natural, Set<ValueKind> kinds, List<String> units, String what) {
}
