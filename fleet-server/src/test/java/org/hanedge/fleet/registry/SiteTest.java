package org.hanedge.fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

import org.hanedge.sites.SitesCsv;
import org.junit.jupiter.api.Test;

/** The registry's view of a sites CSV row (the CSV itself is read and tested in the sites module). */
class SiteTest {
    static final Path DEMO_CITY = Path.of("../docs/demo/danang-sites.csv").toAbsolutePath().normalize();

    @Test
    void theDemoCitysSitesGetTagsFromTheirNoteAndCorridorAndTheirKindAsGroup() throws Exception {
        List<Site> sites = SitesCsv.read(DEMO_CITY).stream().map(Site::of).toList();
        assertThat(sites).hasSize(911);
        Site int2 = sites.stream().filter(s -> s.id().equals("INT-002")).findFirst().orElseThrow();
        assertThat(int2.kind()).isEqualTo("intersection");
        assertThat(int2.nameLocal()).isEqualTo("Lê Duẩn - Trần Phú");
        assertThat(int2.district()).isEqualTo("Hai Chau");
        assertThat(int2.lat()).isEqualTo(16.03253);
        assertThat(int2.tags()).containsExactly("connected", "green-wave corridor", "corridor:Le Duan");
        assertThat(int2.groups()).containsExactly("intersection");
    }

    @Test
    void aSiteWithoutNoteHasNoTagsAndKeepsItsQuotedName() throws Exception {
        String csv = String.join(",", SitesCsv.COLUMNS)
                + "\nLAKE-1,lake,\"Hồ Thạc Gián, \"\"east\"\"\",Hồ Thạc Gián,Thanh Khe,16.06,108.2,,\n";
        Site s = Site.of(SitesCsv.read(new StringReader(csv), "test").get(0));
        assertThat(s.name()).isEqualTo("Hồ Thạc Gián, \"east\"");
        assertThat(s.note()).isNull();
        assertThat(s.profile()).isNull();
        assertThat(s.tags()).isEmpty();
        assertThat(s.groups()).containsExactly("lake");
    }
}
