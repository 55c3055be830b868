package org.hanedge.fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.hanedge.fleet.db.OnH2AndPostgres;
import org.hanedge.fleet.db.TestDatabase;

/** The registry's SQL, on H2 and on PostgreSQL. */
class GatewayRepositoryTest {
    private static Site site(String id, String kind, String name, String district, String... tags) {
        return new Site(id, kind, name, null, district, 16.0, 108.2, kind, null, List.of(tags), List.of(kind));
    }

    @OnH2AndPostgres
    void registersFindsAndFilters(TestDatabase db) {
        GatewayRepository repo = new GatewayRepository(db.jdbc());
        assertThat(repo.insertIfAbsent(site("LAKE-01", "lake", "Hồ Thạc Gián", "Thanh Khe", "monitored"), 1000)).isTrue();
        assertThat(repo.insertIfAbsent(site("LAKE-01", "lake", "other", "Thanh Khe"), 2000)).isFalse();
        repo.insertIfAbsent(site("INT-002", "intersection", "Le Duan - Tran Phu", "Hai Chau", "connected",
                "corridor:Le Duan"), 1000);
        repo.insertIfAbsent(site("INT-003", "intersection", "Le Duan - Phan Chau Trinh", "Hai Chau",
                "corridor:Le Duan"), 1000);

        Gateway lake = repo.find("LAKE-01").orElseThrow();
        assertThat(lake.name()).isEqualTo("Hồ Thạc Gián");
        assertThat(lake.tags()).containsExactly("monitored");
        assertThat(lake.online()).isFalse();

        assertThat(repo.search(new GatewayFilter("intersection", null, null, null, null, null), 0, 10))
                .extracting(Gateway::id).containsExactly("INT-002", "INT-003");
        assertThat(repo.search(new GatewayFilter(null, null, null, null, "connected", null), 0, 10))
                .extracting(Gateway::id).containsExactly("INT-002");
        assertThat(repo.search(new GatewayFilter(null, null, null, null, null, "thạc"), 0, 10))
                .extracting(Gateway::id).containsExactly("LAKE-01");
        assertThat(repo.search(GatewayFilter.ANY, 1, 2)).extracting(Gateway::id).containsExactly("LAKE-01");
        assertThat(repo.count(new GatewayFilter(null, "Hai Chau", null, null, null, null))).isEqualTo(2);
    }

    @OnH2AndPostgres
    void presenceAndDevices(TestDatabase db) {
        GatewayRepository repo = new GatewayRepository(db.jdbc());
        repo.insertIfAbsent(site("BOAT-1", "fishing-boat", "Tàu cá QNa-90123", "Son Tra"), 1000);
        repo.markOnline("BOAT-1", "0.1.0", 5000L, 6000L, 6100L, -100L, new Gateway.Position(16.1, 108.3, 5900L, true));
        repo.replaceDevices("BOAT-1", Map.of("boat-gps", new Gateway.DeviceRef("fishing-boat", "1.0.0")));
        Gateway g = repo.find("BOAT-1").orElseThrow();
        assertThat(g.online()).isTrue();
        assertThat(g.firmware()).isEqualTo("0.1.0");
        assertThat(g.position().fix()).isTrue();
        assertThat(g.clockOffsetMs()).isEqualTo(-100L);
        assertThat(g.profileVersion()).isEqualTo("1.0.0");
        assertThat(g.devices()).containsEntry("boat-gps", new Gateway.DeviceRef("fishing-boat", "1.0.0"));
        assertThat(repo.countOnline()).isEqualTo(1);
        // a birth without a position keeps the last one
        repo.markOnline("BOAT-1", null, 7000L, 8000L, 8100L, 0L, null);
        assertThat(repo.find("BOAT-1").orElseThrow().position().lat()).isEqualTo(16.1);
        assertThat(repo.find("BOAT-1").orElseThrow().firmware()).isEqualTo("0.1.0");
        repo.touch(Map.of("BOAT-1", 9000L));
        repo.markOffline("BOAT-1", 9500L);
        assertThat(repo.find("BOAT-1").orElseThrow().online()).isFalse();
        assertThat(repo.find("BOAT-1").orElseThrow().lastSeen()).isEqualTo(9500L);
        assertThat(repo.directory().get("BOAT-1").devices()).containsEntry("boat-gps", "fishing-boat");
    }
}
