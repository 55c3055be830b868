package org.hanedge.fleet.web;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import org.hanedge.fleet.api.PageDto;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The web UI's fleet views: the table (filtered, sorted, paged on the server), its filter choices, the map. */
@RestController
@Validated
public class FleetController {
    private final FleetSnapshot snapshot;
    private final DistrictAreas districts;

    public FleetController(FleetSnapshot snapshot, DistrictAreas districts) {
        this.snapshot = snapshot;
        this.districts = districts;
    }

    @GetMapping("/api/v1/fleet")
    public PageDto<FleetRow> fleet(@RequestParam(required = false) String kind,
            @RequestParam(required = false) String district, @RequestParam(required = false) String state,
            @RequestParam(required = false) String firmware, @RequestParam(required = false) String tag,
            @RequestParam(required = false) String q, @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "false") boolean desc,
            @RequestParam(required = false) String sync,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        FleetQuery query = new FleetQuery(kind, district, state, firmware, tag, q, sort, desc, sync);
        List<FleetRow> all = query.apply(snapshot.all()).toList();
        int from = (int) Math.min((long) page * size, all.size());
        return new PageDto<>(all.subList(from, Math.min(from + size, all.size())), page, size, all.size());
    }

    /** The values the table's filters offer, and how many gateways are in each state. */
    public record Facets(List<String> kinds, List<String> districts, List<String> firmwares, List<String> tags,
            Map<FleetRow.State, Integer> states, int total, Map<FleetRow.Sync, Integer> sync) {
    }

    @GetMapping("/api/v1/fleet/facets")
    public Facets facets() {
        List<FleetRow> rows = snapshot.all();
        TreeSet<String> tags = new TreeSet<>();
        rows.forEach(r -> tags.addAll(r.tags()));
        Map<FleetRow.State, Integer> states = new TreeMap<>();
        for (FleetRow.State s : FleetRow.State.values()) {
            states.put(s, 0);
        }
        rows.forEach(r -> states.merge(r.state(), 1, Integer::sum));
        Map<FleetRow.Sync, Integer> sync = new java.util.EnumMap<>(FleetRow.Sync.class);
        for (FleetRow.Sync s : FleetRow.Sync.values()) {
            sync.put(s, 0);
        }
        rows.forEach(r -> sync.merge(r.sync(), 1, Integer::sum));
        return new Facets(distinct(rows, FleetRow::kind), distinct(rows, FleetRow::district),
                distinct(rows, FleetRow::firmware), List.copyOf(tags), states, rows.size(), sync);
    }

    /** A gateway on the map: [id, name, kind, state, lat, lon, moving] in a compact form. */
    public record Marker(String id, String name, String kind, FleetRow.State state, double lat, double lon,
            boolean moving) {
    }

    @GetMapping("/api/v1/map/gateways")
    public List<Marker> markers() {
        return snapshot.all().stream().filter(r -> r.lat() != null && r.lon() != null)
                .map(r -> new Marker(r.id(), r.nameLocal() != null ? r.nameLocal() : r.name(), r.kind(), r.state(),
                        r.lat(), r.lon(), r.moving()))
                .toList();
    }

    @GetMapping(value = "/api/v1/map/districts", produces = { "application/geo+json", "application/json" })
    public Map<String, Object> districtAreas() {
        return districts.geoJson();
    }

    private static List<String> distinct(List<FleetRow> rows, java.util.function.Function<FleetRow, String> f) {
        return rows.stream().map(f).filter(Objects::nonNull).distinct().sorted().toList();
    }
}
