package org.hanedge.gateway.profile.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reload decisions the profile directory acts on, without OSGi. */
class ProfileCatalogTest {
    @TempDir
    Path dir;

    static String profile(String id, String version, String unit) {
        return """
                profile: %s
                version: %s
                description: test device
                channels:
                  - name: level
                    unit: %s
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                """.formatted(id, version, unit);
    }

    private Path write(String id, String text) throws IOException {
        return Files.writeString(dir.resolve(id + ".yaml"), text);
    }

    @Test
    void newFilesAreAdded() throws Exception {
        Path pump = write("pump", profile("pump", "1.0.0", "m"));
        write("lake", profile("lake", "1.0.0", "m"));
        Files.writeString(dir.resolve("notes.txt"), "not a profile");
        Files.writeString(dir.resolve(".pump.yaml.swp"), "editor swap file");
        ProfileCatalog catalog = new ProfileCatalog(dir);

        ProfileCatalog.Changes changes = catalog.scan();
        assertEquals(List.of("lake", "pump"), changes.added().stream().map(a -> a.profile().id()).toList());
        assertEquals(pump, changes.added().get(1).file());
        assertTrue(changes.updated().isEmpty() && changes.removed().isEmpty() && changes.refused().isEmpty());
        assertEquals(2, catalog.active().size());

        assertTrue(catalog.scan().isEmpty(), "nothing changed");
    }

    @Test
    void validChangeReplacesTheProfile() throws Exception {
        Path file = write("pump", profile("pump", "1.0.0", "m"));
        ProfileCatalog catalog = new ProfileCatalog(dir);
        catalog.scan();

        write("pump", profile("pump", "1.1.0", "cm"));
        ProfileCatalog.Changes changes = catalog.scan();
        assertEquals(1, changes.updated().size());
        ProfileCatalog.Update update = changes.updated().get(0);
        assertEquals(file, update.file());
        assertEquals("pump@1.0.0", update.previous().ref());
        assertEquals("pump@1.1.0", update.current().ref());
        assertEquals("cm", update.current().channels().get(0).unit());
        assertTrue(changes.added().isEmpty() && changes.removed().isEmpty() && changes.refused().isEmpty());
        assertEquals("pump@1.1.0", catalog.active().get(file).ref());
    }

    @Test
    void changeThatOnlyTouchesCommentsIsNoUpdate() throws Exception {
        write("pump", profile("pump", "1.0.0", "m"));
        ProfileCatalog catalog = new ProfileCatalog(dir);
        catalog.scan();
        write("pump", "# reviewed\n" + profile("pump", "1.0.0", "m"));
        assertTrue(catalog.scan().isEmpty());
    }

    @Test
    void invalidChangeKeepsTheLastGoodProfileAndIsReportedOnce() throws Exception {
        Path file = write("pump", profile("pump", "1.0.0", "m"));
        ProfileCatalog catalog = new ProfileCatalog(dir);
        DeviceProfile good = catalog.scan().added().get(0).profile();

        write("pump", profile("pump", "1.1.0", "furlong"));
        ProfileCatalog.Changes changes = catalog.scan();
        assertEquals(1, changes.refused().size());
        ProfileCatalog.Refusal refusal = changes.refused().get(0);
        assertEquals(file, refusal.file());
        assertSame(good, refusal.stillActive());
        assertEquals(6, refusal.error().problems().get(0).line());
        assertEquals("channels[0].unit", refusal.error().problems().get(0).field());
        assertTrue(refusal.error().getMessage().startsWith("pump.yaml:6:"), refusal.error().getMessage());
        assertTrue(changes.updated().isEmpty() && changes.removed().isEmpty());
        assertSame(good, catalog.active().get(file), "last good profile stays in service");

        assertTrue(catalog.scan().isEmpty(), "the same broken content is not reported again");

        write("pump", profile("pump", "1.2.0", "m"));
        ProfileCatalog.Changes fixed = catalog.scan();
        assertEquals(1, fixed.updated().size());
        assertSame(good, fixed.updated().get(0).previous());
        assertEquals("pump@1.2.0", fixed.updated().get(0).current().ref());
    }

    @Test
    void invalidNewFileIsRefusedAndAddedOnceFixed() throws Exception {
        write("pump", "profile: pump\nversion: [\n");
        ProfileCatalog catalog = new ProfileCatalog(dir);
        ProfileCatalog.Changes changes = catalog.scan();
        assertEquals(1, changes.refused().size());
        assertNull(changes.refused().get(0).stillActive());
        assertTrue(changes.refused().get(0).error().getMessage().contains("malformed YAML"));
        assertTrue(catalog.active().isEmpty());

        write("pump", profile("pump", "1.0.0", "m"));
        assertEquals("pump", catalog.scan().added().get(0).profile().id());
    }

    @Test
    void deletedFileRemovesItsProfile() throws Exception {
        Path file = write("pump", profile("pump", "1.0.0", "m"));
        write("lake", profile("lake", "1.0.0", "m"));
        ProfileCatalog catalog = new ProfileCatalog(dir);
        catalog.scan();

        Files.delete(file);
        ProfileCatalog.Changes changes = catalog.scan();
        assertEquals(1, changes.removed().size());
        assertEquals(file, changes.removed().get(0).file());
        assertEquals("pump", changes.removed().get(0).profile().id());
        assertEquals(Map.of(dir.resolve("lake.yaml"), catalog.active().get(dir.resolve("lake.yaml"))),
                catalog.active());
    }

    @Test
    void deletedFileThatNeverValidatedRemovesNothing() throws Exception {
        Path file = write("pump", "nonsense: [");
        ProfileCatalog catalog = new ProfileCatalog(dir);
        assertEquals(1, catalog.scan().refused().size());
        Files.delete(file);
        assertTrue(catalog.scan().isEmpty());
    }

    @Test
    void missingDirectoryKeepsWhatIsLoaded() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("profiles"));
        Files.writeString(sub.resolve("pump.yaml"), profile("pump", "1.0.0", "m"));
        ProfileCatalog catalog = new ProfileCatalog(sub);
        catalog.scan();
        Files.delete(sub.resolve("pump.yaml"));
        Files.delete(sub);
        assertThrows(IOException.class, catalog::scan);
        assertEquals(1, catalog.active().size());
    }

    @Test
    void shippedProfilesAllLoadThroughTheCatalog() throws Exception {
        ProfileCatalog.Changes changes = new ProfileCatalog(Path.of("../../device-profiles")).scan();
        assertTrue(changes.refused().isEmpty(), () -> changes.refused().toString());
        assertEquals(5, changes.added().size());
    }
}
