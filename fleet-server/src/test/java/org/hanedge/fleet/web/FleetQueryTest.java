package org.hanedge.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.hanedge.fleet.api.BadRequestException;
import org.junit.jupiter.api.Test;

class FleetQueryTest {
    private static FleetRow row(String id, String kind, String name, String local, String district, FleetRow.State state,
            String... tags) {
        return new FleetRow(id, kind, name, local, district, "1.0", kind, state != FleetRow.State.OFFLINE,
                Instant.ofEpochMilli(id.hashCode() & 0xffff), 16.0, 108.0, false, List.of(tags),
                state == FleetRow.State.ALARM ? 1 : 0, state,
                id.startsWith("LAKE") ? FleetRow.Sync.IN_SYNC : FleetRow.Sync.NONE);
    }

    private static final List<FleetRow> ROWS = List.of(
            row("LAKE-01", "lake", "Thac Gian lake", "Hồ Thạc Gián", "Thanh Khe", FleetRow.State.ONLINE, "pilot"),
            row("LAKE-02", "lake", "Bau Trang", "Hồ Bàu Tràm", "Lien Chieu", FleetRow.State.ALARM),
            row("INT-001", "intersection", "Dien Bien Phu", "Điện Biên Phủ", "Thanh Khe", FleetRow.State.OFFLINE,
                    "corridor:Dien Bien Phu"));

    private static List<String> ids(FleetQuery q) {
        return q.apply(ROWS).map(FleetRow::id).toList();
    }

    @Test
    void foldsVietnameseAccentsIncludingDStroke() {
        assertThat(TextFold.fold("Hồ Thạc Gián")).isEqualTo("ho thac gian");
        assertThat(TextFold.fold("Điện Biên Phủ")).isEqualTo("dien bien phu");
        assertThat(TextFold.fold(null)).isEmpty();
    }

    @Test
    void searchesIdAndBothNamesWithAndWithoutAccents() {
        assertThat(ids(new FleetQuery(null, null, null, null, null, "thac", null, false, null))).containsExactly("LAKE-01");
        assertThat(ids(new FleetQuery(null, null, null, null, null, "Thạc", null, false, null))).containsExactly("LAKE-01");
        assertThat(ids(new FleetQuery(null, null, null, null, null, "điện", null, false, null))).containsExactly("INT-001");
        assertThat(ids(new FleetQuery(null, null, null, null, null, "lake-0", null, false, null)))
                .containsExactly("LAKE-01", "LAKE-02");
    }

    @Test
    void filtersByKindDistrictStateAndTag() {
        assertThat(ids(new FleetQuery("lake", null, null, null, null, null, null, false, null)))
                .containsExactly("LAKE-01", "LAKE-02");
        assertThat(ids(new FleetQuery(null, "Thanh Khe", null, null, null, null, null, false, null)))
                .containsExactly("INT-001", "LAKE-01");
        assertThat(ids(new FleetQuery(null, null, "alarm", null, null, null, null, false, null))).containsExactly("LAKE-02");
        assertThat(ids(new FleetQuery(null, null, null, null, "pilot", null, null, false, null))).containsExactly("LAKE-01");
    }

    @Test
    void sortsByTheChosenColumnThenId() {
        assertThat(ids(new FleetQuery(null, null, null, null, null, null, "name", false, null)))
                .containsExactly("LAKE-02", "INT-001", "LAKE-01");
        assertThat(ids(new FleetQuery(null, null, null, null, null, null, "id", true, null)))
                .containsExactly("LAKE-02", "LAKE-01", "INT-001");
    }

    @Test
    void refusesAnUnknownSortOrState() {
        assertThatThrownBy(() -> new FleetQuery(null, null, null, null, null, null, "colour", false, null))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> new FleetQuery(null, null, "sleeping", null, null, null, null, false, null))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("sleeping");
    }

    @Test
    void filtersByConfigurationSync() {
        assertThat(ids(new FleetQuery(null, null, null, null, null, null, null, false, "in_sync")))
                .containsExactly("LAKE-01", "LAKE-02");
        assertThat(ids(new FleetQuery(null, null, null, null, null, null, null, false, "NONE")))
                .containsExactly("INT-001");
        assertThatThrownBy(() -> new FleetQuery(null, null, null, null, null, null, null, false, "synced"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("sync").hasMessageContaining("synced");
    }

    @Test
    void derivesTheSyncFromTheLatestVersionAndTheLatestReport() {
        assertThat(FleetRow.Sync.of(null, null, null)).isEqualTo(FleetRow.Sync.NONE);
        assertThat(FleetRow.Sync.of(3L, null, null)).isEqualTo(FleetRow.Sync.PENDING);
        assertThat(FleetRow.Sync.of(3L, 2L, "APPLIED")).isEqualTo(FleetRow.Sync.PENDING);
        assertThat(FleetRow.Sync.of(3L, 3L, "APPLYING")).isEqualTo(FleetRow.Sync.PENDING);
        assertThat(FleetRow.Sync.of(3L, 3L, "APPLIED")).isEqualTo(FleetRow.Sync.IN_SYNC);
        assertThat(FleetRow.Sync.of(3L, 3L, "ROLLED_BACK")).isEqualTo(FleetRow.Sync.FAILED);
        assertThat(FleetRow.Sync.of(3L, 3L, "REJECTED")).isEqualTo(FleetRow.Sync.FAILED);
        assertThat(FleetRow.Sync.of(3L, 3L, "DRIFT")).isEqualTo(FleetRow.Sync.DRIFT);
    }

    @Test
    void districtHullEnclosesEveryPoint() {
        List<double[]> pts = List.of(new double[] { 0, 0 }, new double[] { 2, 0 }, new double[] { 1, 1 },
                new double[] { 2, 2 }, new double[] { 0, 2 }, new double[] { 1, 0.5 });
        assertThat(DistrictAreas.hull(pts)).extracting(p -> p[0] + "," + p[1])
                .containsExactly("0.0,0.0", "2.0,0.0", "2.0,2.0", "0.0,2.0");
    }
}
