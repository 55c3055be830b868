package org.hanedge.fleet.web;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

import org.hanedge.fleet.api.BadRequestException;

/**
 * The fleet table's criteria; null or blank = any. {@code q} matches id, name or local name, accent-insensitive.
 */
public record FleetQuery(String kind, String district, String state, String firmware, String tag, String q,
        String sort, boolean descending, String sync) {

    static final List<String> SORTS = List.of("id", "name", "kind", "district", "state", "firmware", "lastSeen",
            "openAlarms", "sync");

    public FleetQuery {
        if (sort != null && !sort.isBlank() && !SORTS.contains(sort)) {
            throw new BadRequestException("sort", "'" + sort + "' is not one of " + SORTS);
        }
        if (state != null && !state.isBlank()) {
            try {
                FleetRow.State.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("state", "'" + state + "' is not one of ONLINE, OFFLINE, ALARM");
            }
        }
        if (sync != null && !sync.isBlank()) {
            try {
                FleetRow.Sync.valueOf(sync.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("sync", "'" + sync + "' is not one of IN_SYNC, PENDING, FAILED, DRIFT,"
                        + " NONE");
            }
        }
    }

    Stream<FleetRow> apply(List<FleetRow> rows) {
        String folded = blank(q) ? null : TextFold.fold(q);
        Stream<FleetRow> s = rows.stream()
                .filter(r -> blank(kind) || kind.equals(r.kind()))
                .filter(r -> blank(district) || district.equals(r.district()))
                .filter(r -> blank(state) || r.state().name().equalsIgnoreCase(state.trim()))
                .filter(r -> blank(firmware) || firmware.equals(r.firmware()))
                .filter(r -> blank(tag) || r.tags().contains(tag))
                .filter(r -> blank(sync) || r.sync().name().equalsIgnoreCase(sync.trim()))
                .filter(r -> folded == null || TextFold.fold(r.id()).contains(folded)
                        || TextFold.fold(r.name()).contains(folded) || TextFold.fold(r.nameLocal()).contains(folded));
        return s.sorted(comparator());
    }

    private Comparator<FleetRow> comparator() {
        Comparator<FleetRow> c = switch (blank(sort) ? "id" : sort) {
            case "name" -> by(r -> TextFold.fold(r.name()));
            case "kind" -> by(FleetRow::kind);
            case "district" -> by(FleetRow::district);
            case "state" -> by(r -> r.state().name());
            case "firmware" -> by(FleetRow::firmware);
            case "lastSeen" -> Comparator.comparing(FleetRow::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder()));
            case "openAlarms" -> Comparator.comparingInt(FleetRow::openAlarms);
            case "sync" -> by(r -> r.sync().name());
            default -> by(FleetRow::id);
        };
        c = c.thenComparing(FleetRow::id);
        return descending ? c.reversed() : c;
    }

    private static Comparator<FleetRow> by(Function<FleetRow, String> key) {
        return Comparator.comparing(r -> Objects.requireNonNullElse(key.apply(r), ""));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
