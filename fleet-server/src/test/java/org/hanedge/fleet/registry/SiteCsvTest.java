package org.hanedge.fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteCsvTest {
    static final Path DEMO_CITY = Path.of("../../shared/data/danang-sites.csv").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void readsTheDemoCity() throws Exception {
        List<Site> sites = SiteCsv.read(DEMO_CITY);
        assertThat(sites).hasSize(911);
        Site int2 = sites.stream().filter(s -> s.id().equals("INT-002")).findFirst().orElseThrow();
        assertThat(int2.kind()).isEqualTo("intersection");
        assertThat(int2.nameLocal()).isEqualTo("Lê Duẩn - Trần Phú");
        assertThat(int2.district()).isEqualTo("Hai Chau");
        assertThat(int2.lat()).isEqualTo(16.03253);
        assertThat(int2.tags()).containsExactly("connected", "green-wave corridor", "corridor:Le Duan");
        assertThat(int2.groups()).containsExactly("intersection");
        assertThat(sites.stream().filter(s -> s.kind().equals("fishing-boat")).count()).isEqualTo(600);
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes() throws Exception {
        Path f = write(SiteCsv.HEADER_LINE + "\nLAKE-1,lake,\"Hồ Thạc Gián, \"\"east\"\"\",Hồ Thạc Gián,Thanh Khe,16.06,108.2,lake,\n");
        Site s = SiteCsv.read(f).get(0);
        assertThat(s.name()).isEqualTo("Hồ Thạc Gián, \"east\"");
        assertThat(s.note()).isNull();
        assertThat(s.tags()).isEmpty();
    }

    @Test
    void everyProblemNamesFileAndLine() throws Exception {
        assertThatThrownBy(() -> SiteCsv.read(write("id,kind\n")))
                .hasMessageContaining(":1: header must be site_id,kind,name");
        assertThatThrownBy(() -> SiteCsv.read(write(SiteCsv.HEADER_LINE + "\nA,lake,Lake A,,D,16,108,lake,\nA,lake,B,,D,16,108,lake,\n")))
                .hasMessageContaining(":3: site_id 'A' appears twice");
        assertThatThrownBy(() -> SiteCsv.read(write(SiteCsv.HEADER_LINE + "\nA,lake,Lake A,,D,north,108,lake,\n")))
                .hasMessageContaining(":2: lat 'north' is not a number");
        assertThatThrownBy(() -> SiteCsv.read(write(SiteCsv.HEADER_LINE + "\nA,lake,Lake A\n")))
                .hasMessageContaining(":2: expected 9 fields, found 3");
        assertThatThrownBy(() -> SiteCsv.read(write(SiteCsv.HEADER_LINE + "\nA/B,lake,Lake A,,D,16,108,lake,\n")))
                .hasMessageContaining(":2: site_id 'A/B'");
        assertThatThrownBy(() -> SiteCsv.read(dir.resolve("missing.csv"))).hasMessageContaining("missing.csv: cannot read");
    }

    private Path write(String text) throws Exception {
        Path f = Files.createTempFile(dir, "sites", ".csv");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }
}
