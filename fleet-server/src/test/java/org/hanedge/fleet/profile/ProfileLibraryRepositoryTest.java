package org.hanedge.fleet.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hanedge.fleet.db.OnH2AndPostgres;
import org.hanedge.fleet.db.TestDatabase;
import org.springframework.dao.DuplicateKeyException;

/** The profile library's table (V10) and who runs which version, on H2 and on a real PostgreSQL. */
class ProfileLibraryRepositoryTest {
    private static final long T0 = 1_796_688_000_000L;

    @OnH2AndPostgres
    void keepsEachVersionOnceWithItsTextAndTellsWhoRunsIt(TestDatabase db) {
        ProfileLibraryRepository repo = new ProfileLibraryRepository(db.jdbc());
        String yaml = "profile: lake\nversion: 1.2.0\n# Hồ Thạc Gián\n" + "x".repeat(100_000) + "\n";
        repo.insert(new StoredProfileVersion("lake", "1.2.0", yaml, ProfileText.sha256(yaml), "ops", T0, "scale"));
        repo.insert(new StoredProfileVersion("lake", "1.10.0", "y", ProfileText.sha256("y"), "server", T0 + 1, null));
        assertThatThrownBy(() -> repo.insert(new StoredProfileVersion("lake", "1.2.0", "z", "00", "ops", T0, null)))
                .isInstanceOf(DuplicateKeyException.class);

        StoredProfileVersion v = repo.find("lake", "1.2.0").orElseThrow();
        assertThat(v.yaml()).isEqualTo(yaml);
        assertThat(v.sha256()).hasSize(64).isEqualTo(ProfileText.sha256(yaml));
        assertThat(v.note()).isEqualTo("scale");
        assertThat(v.uploadedAt()).isEqualTo(T0);
        assertThat(repo.find("lake", "9.9.9")).isEmpty();
        assertThat(repo.all()).extracting(StoredProfileVersion::version).containsExactlyInAnyOrder("1.2.0", "1.10.0");

        db.jdbc().sql("INSERT INTO gateway (id, kind, name, created_at) VALUES ('pl-a', 'lake', 'a', 0),"
                + " ('pl-b', 'lake', 'b', 0)").update();
        db.jdbc().sql("INSERT INTO gateway_device (gateway_id, device_id, profile_id, profile_version) VALUES"
                + " ('pl-a', 'd1', 'lake', '1.2.0'), ('pl-a', 'd2', 'lake', '1.2.0'), ('pl-b', 'd1', 'lake', '1.10.0'),"
                + " ('pl-b', 'd2', 'lake', NULL)").update();
        assertThat(repo.runningGateways().get("lake")).containsOnlyKeys("1.2.0", "1.10.0");
        assertThat(repo.runningGateways().get("lake").get("1.2.0")).containsExactly("pl-a");
        assertThat(repo.runningGateways().get("lake").get("1.10.0")).containsExactly("pl-b");
    }
}
