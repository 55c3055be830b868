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
                state == FleetRow.State.ALARM ? 1 : 0, state);
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
        assertThat(ids(new FleetQuery(null, null, null, null, null, "thac", null, false))).containsExactly("LAKE-01");
        assertThat(ids(new FleetQuery(null, null, null, null, null, "Thạc", null, false))).containsExactly("LAKE-01");
        assertThat(ids(new FleetQuery(null, null, null, null, null, "điện", null, false))).containsExactly("INT-001");
        assertThat(ids(new FleetQuery(null, null, null, null, null, "lake-0", null, false)))
                .containsExactly("LAKE-01", "LAKE-02");
    }

    @Test
    void filtersByKindDistrictStateAndTag() {
        assertThat(ids(new FleetQuery("lake", null, null, null, null, null, null, false)))
                .containsExactly("LAKE-01", "LAKE-02");
        assertThat(ids(new FleetQuery(null, "Thanh Khe", null, null, null, null, null, false)))
                .containsExactly("INT-001", "LAKE-01");
        assertThat(ids(new FleetQuery(null, null, "alarm", null, null, null, null, false))).containsExactly("LAKE-02");
        assertThat(ids(new FleetQuery(null, null, null, null, "pilot", null, null, false))).containsExactly("LAKE-01");
    }

    @Test
    void sortsByTheChosenColumnThenId() {
        assertThat(ids(new FleetQuery(null, null, null, null, null, null, "name", false)))
                .containsExactly("LAKE-02", "INT-001", "LAKE-01");
        assertThat(ids(new FleetQuery(null, null, null, null, null, null, "id", true)))
                .containsExactly("LAKE-02", "LAKE-01", "INT-001");
    }

    @Test
    void refusesAnUnknownSortOrState() {
        assertThatThrownBy(() -> new FleetQuery(null, null, null, null, null, null, "colour", false))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> new FleetQuery(null, null, "sleeping", null, null, null, null, false))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("sleeping");
    }

    @Test
    void districtHullEnclosesEveryPoint() {
        List<double[]> pts = List.of(new double[] { 0, 0 }, new double[] { 2, 0 }, new double[] { 1, 1 },
                new double[] { 2, 2 }, new double[] { 0, 2 }, new double[] { 1, 0.5 });
        assertThat(DistrictAreas.hull(pts)).extracting(p -> p[0] + "," + p[1])
                .containsExactly("0.0,0.0", "2.0,0.0", "2.0,2.0", "0.0,2.0");
    }
}
