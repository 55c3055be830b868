package org.hanedge.fleet.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.audit.AuditLog;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.db.OnH2AndPostgres;
import org.hanedge.fleet.db.TestDatabase;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The import of the checkout's profiles at start, on H2 and PostgreSQL: new versions are imported once; a file whose
 * id and version are stored with other content leaves the stored version alone and says so in a WARN.
 */
class ProfileLibraryImportTest {

    @OnH2AndPostgres
    void importsNewVersionsOnceAndKeepsAStoredVersionWithOtherContent(TestDatabase db) throws Exception {
        Path dir = Files.createTempDirectory("profiles-import");
        String lake = Files.readString(FleetServerTest.projectPath("device-profiles/lake.yaml"), StandardCharsets.UTF_8);
        String boat = Files.readString(FleetServerTest.projectPath("device-profiles/fishing-boat.yaml"),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("lake.yaml"), lake);
        Files.writeString(dir.resolve("fishing-boat.yaml"), boat);
        String storedLake = "# edited on the server\n" + lake;
        ProfileLibraryRepository repo = new ProfileLibraryRepository(db.jdbc());
        repo.insert(new StoredProfileVersion("lake", "1.1.0", storedLake, ProfileText.sha256(storedLake), "ops", 1L,
                null));

        FleetProperties props = new Binder(new MapConfigurationPropertySource(Map.of(
                "hanedge.fleet.profiles-dir", dir.toString()))).bindOrCreate("hanedge.fleet", FleetProperties.class);
        ProfileCatalog catalog = new ProfileCatalog(props);
        Clock clock = Clock.fixed(Instant.parse("2026-12-08T03:00:00Z"), ZoneOffset.UTC);
        ProfileLibrary library = new ProfileLibrary(repo, catalog, new AuditLog(db.jdbc(), new ObjectMapper(), clock),
                clock, props, new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())));

        Logger log = (Logger) LoggerFactory.getLogger(ProfileLibrary.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        try {
            library.run(null);
            library.run(null); // a second start imports nothing more
        } finally {
            log.detachAppender(events);
        }

        assertThat(repo.find("lake", "1.1.0").orElseThrow().yaml()).as("the stored version is kept").isEqualTo(storedLake);
        StoredProfileVersion imported = repo.find("fishing-boat", catalog.profile("fishing-boat").orElseThrow()
                .version()).orElseThrow();
        assertThat(imported.yaml()).isEqualTo(boat);
        assertThat(imported.uploader()).isEqualTo("server");
        assertThat(imported.note()).isEqualTo("imported from fishing-boat.yaml");
        assertThat(repo.all()).hasSize(2);
        assertThat(events.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("lake.yaml").contains("lake 1.1.0")
                        .contains("the stored version is kept").contains(ProfileText.sha256(storedLake))
                        .contains(ProfileText.sha256(lake)));
    }
}
