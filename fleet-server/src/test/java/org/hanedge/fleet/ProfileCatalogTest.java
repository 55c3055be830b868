package org.hanedge.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

class ProfileCatalogTest {

    @Test
    void loadsEveryProfileOfTheRepository() {
        FleetProperties props = new Binder(new MapConfigurationPropertySource(Map.of(
                "hanedge.fleet.profiles-dir", FleetServerTest.projectPath("device-profiles").toString())))
                .bindOrCreate("hanedge.fleet", FleetProperties.class);
        ProfileCatalog catalog = new ProfileCatalog(props);
        assertThat(catalog.all()).extracting(p -> p.id())
                .containsExactly("fishing-boat", "intersection", "lake", "pump-station", "waste-truck");
        assertThat(catalog.profile("lake").orElseThrow().channel("water_level")).isPresent();
        assertThat(catalog.profile("nope")).isEmpty();
        assertThat(props.ingest().batchSize()).isEqualTo(5000);
    }
}
