package org.hanedge.fleet.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SemanticVersionTest {
    @Test
    void ordersNumericallyWithPreReleasesBelowTheirRelease() {
        List<String> v = new ArrayList<>(List.of("1.10.0", "1.2.0", "1.2.0-rc.1", "1.2.0-beta", "0.9.9", "1.2.0-rc.10",
                "2.0.0+build.5", "1.2.1"));
        v.sort(SemanticVersion.ORDER);
        assertThat(v).containsExactly("0.9.9", "1.2.0-beta", "1.2.0-rc.1", "1.2.0-rc.10", "1.2.0", "1.2.1", "1.10.0",
                "2.0.0+build.5");
    }
}
