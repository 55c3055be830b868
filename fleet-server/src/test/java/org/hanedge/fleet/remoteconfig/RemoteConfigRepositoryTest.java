package org.hanedge.fleet.remoteconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.hanedge.contract.config.ConfigError;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.fleet.db.OnH2AndPostgres;
import org.hanedge.fleet.db.TestDatabase;
import org.springframework.dao.DuplicateKeyException;

/** The remote-configuration tables (V6) and their queries, on H2 and on a real PostgreSQL. */
class RemoteConfigRepositoryTest {
    private static final long T0 = 1_796_688_000_000L; // 2026-12-07T00:00:00Z

    private static StoredVersion version(String gw, long v, String document) {
        return new StoredVersion(gw, v, document, "ops", "why " + v, T0 + v, null);
    }

    @OnH2AndPostgres
    void versionsAreKeptPerGatewayNewestFirstAndNeverTwice(TestDatabase db) {
        RemoteConfigRepository repo = new RemoteConfigRepository(db.jdbc());
        assertThat(repo.latestVersion("rc-a")).isZero();
        assertThat(repo.latest("rc-a")).isEmpty();
        repo.insert(version("rc-a", 1, "{\"version\":1}"));
        repo.insert(version("rc-a", 2, "{\"version\":2,\"reason\":\"Hồ Thạc Gián\"}"));
        repo.insert(version("rc-b", 1, "{\"version\":1}"));

        assertThat(repo.latestVersion("rc-a")).isEqualTo(2);
        StoredVersion latest = repo.latest("rc-a").orElseThrow();
        assertThat(latest.document()).isEqualTo("{\"version\":2,\"reason\":\"Hồ Thạc Gián\"}");
        assertThat(latest.publishedAt()).isNull();
        assertThat(latest.createdAt()).isEqualTo(T0 + 2);
        assertThat(repo.versions("rc-a", 0, 1)).extracting(StoredVersion::version).containsExactly(2L);
        assertThat(repo.versions("rc-a", 1, 5)).extracting(StoredVersion::version).containsExactly(1L);
        assertThat(repo.countVersions("rc-a")).isEqualTo(2);
        assertThatThrownBy(() -> repo.insert(version("rc-a", 2, "{}"))).isInstanceOf(DuplicateKeyException.class);

        assertThat(repo.gatewaysWithVersions()).containsExactly("rc-a", "rc-b");
        assertThat(repo.gatewaysWithUnpublishedLatest()).containsExactly("rc-a", "rc-b");
        assertThat(repo.markPublished("rc-a", 2, T0 + 100)).isTrue();
        assertThat(repo.markPublished("rc-a", 2, T0 + 200)).as("the first acknowledgement is kept").isFalse();
        assertThat(repo.find("rc-a", 2).orElseThrow().publishedAt()).isEqualTo(T0 + 100);
        assertThat(repo.find("rc-a", 1).orElseThrow().publishedAt()).isNull();
        assertThat(repo.gatewaysWithUnpublishedLatest()).as("only the latest version counts").containsExactly("rc-b");
    }

    @OnH2AndPostgres
    void holdsTheLargestDocumentAGatewayReads(TestDatabase db) {
        RemoteConfigRepository repo = new RemoteConfigRepository(db.jdbc());
        String big = "{\"pad\":\"" + "đ".repeat(256 * 1024 - 20) + "\"}";
        repo.insert(version("rc-big", 1, big));
        assertThat(repo.find("rc-big", 1).orElseThrow().document()).isEqualTo(big);
    }

    @OnH2AndPostgres
    void reportsAreHistoryWithTheLatestFirst(TestDatabase db) {
        RemoteConfigRepository repo = new RemoteConfigRepository(db.jdbc());
        String errors = ReportIntake.errorsJson(List.of(new ConfigError("devices[0]", "thiết bị không trả lời")));
        repo.insertReport(new StoredReport(0, "rc-a", 3, ConfigStatus.APPLYING, "[]", 2, T0, T0 + 5));
        repo.insertReport(new StoredReport(0, "rc-a", 3, ConfigStatus.ROLLED_BACK, errors, 2, T0 + 60_000,
                T0 + 60_005));
        StoredReport latest = repo.latestReport("rc-a").orElseThrow();
        assertThat(latest.status()).isEqualTo(ConfigStatus.ROLLED_BACK);
        assertThat(ReportIntake.errors(latest.errors()))
                .containsExactly(new ConfigError("devices[0]", "thiết bị không trả lời"));
        assertThat(latest.sameAs(new StoredReport(99, "rc-a", 3, ConfigStatus.ROLLED_BACK, errors, 2, T0 + 60_000,
                T0 + 99_999))).isTrue();
        assertThat(repo.reports("rc-a", 0, 10)).extracting(StoredReport::status)
                .containsExactly(ConfigStatus.ROLLED_BACK, ConfigStatus.APPLYING);
        assertThat(repo.countReports("rc-a")).isEqualTo(2);
        assertThat(repo.latestReport("rc-b")).isEmpty();
    }

    @OnH2AndPostgres
    void keepsAnUnusableReportAsADeadLetter(TestDatabase db) {
        RemoteConfigRepository repo = new RemoteConfigRepository(db.jdbc());
        repo.insertDeadLetter(T0, "rc-a", "hanedge/v1/rc-a/config/reported", "BAD_EVENT", "x".repeat(2000),
                "not json".getBytes());
        assertThat(db.jdbc().sql("SELECT reason, LENGTH(detail), payload_size, payload FROM dead_letter")
                .query((rs, n) -> rs.getString(1) + " " + rs.getInt(2) + " " + rs.getInt(3) + " " + rs.getString(4))
                .single()).isEqualTo("BAD_EVENT 1000 8 bm90IGpzb24=");
    }

    @OnH2AndPostgres
    void layersGroupsAndPushes(TestDatabase db) {
        RemoteConfigRepository repo = new RemoteConfigRepository(db.jdbc());
        for (String[] g : new String[][] { {"rc-l1", "lake", "Hải Châu"}, {"rc-l2", "lake", null},
                {"rc-p1", "pump-station", "Hải Châu"} }) {
            db.jdbc().sql("INSERT INTO gateway (id, kind, name, district, created_at) VALUES (?, ?, ?, ?, 0)")
                    .params(g[0], g[1], g[0], g[2]).update();
        }
        db.jdbc().sql("INSERT INTO gateway_tag (gateway_id, tag) VALUES ('rc-l2', 'connected'), ('rc-l2', 'ao')")
                .update();
        LayerGroup lake = new LayerGroup(LayerGroup.Scope.KIND, "lake");
        LayerGroup district = new LayerGroup(LayerGroup.Scope.DISTRICT, "Hải Châu");
        assertThat(repo.members(lake)).containsExactly("rc-l1", "rc-l2");
        assertThat(repo.members(district)).containsExactly("rc-l1", "rc-p1");
        assertThat(repo.members(new LayerGroup(LayerGroup.Scope.TAG, "connected"))).containsExactly("rc-l2");
        assertThat(repo.members(LayerGroup.FLEET)).containsExactly("rc-l1", "rc-l2", "rc-p1");
        assertThat(repo.membership("rc-l2").orElseThrow())
                .isEqualTo(new RemoteConfigRepository.Membership("lake", null, List.of("ao", "connected")));
        assertThat(repo.membership("rc-none")).isEmpty();

        assertThat(repo.latestLayerVersion(lake)).isZero();
        repo.insertLayer(new StoredLayer(lake, 1, "{\"outbox\":{}}", "ops", "one", T0));
        repo.insertLayer(new StoredLayer(lake, 2, "{\"outbox\":{\"maxSize\":\"1MiB\"}}", "ops", "two", T0 + 1));
        repo.insertLayer(new StoredLayer(district, 1, "{}", "ops", "quận", T0 + 2));
        assertThatThrownBy(() -> repo.insertLayer(new StoredLayer(lake, 2, "{}", "ops", "again", T0)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(repo.latestLayer(lake).orElseThrow().reason()).isEqualTo("two");
        assertThat(repo.layer(lake, 1).orElseThrow().document()).isEqualTo("{\"outbox\":{}}");
        assertThat(repo.latestLayers()).extracting(l -> l.group().label() + "@" + l.version())
                .containsExactly("district:Hải Châu@1", "kind:lake@2");
        assertThat(repo.layerVersions(lake, 0, 5)).extracting(StoredLayer::version).containsExactly(2L, 1L);
        assertThat(repo.countLayerVersions(lake)).isEqualTo(2);

        repo.insert(new StoredVersion("rc-l1", 1, "{}", "ops", "own", T0, null, "{\"gateway\":{}}",
                "[\"kind:lake@2\"]"));
        StoredVersion v = repo.find("rc-l1", 1).orElseThrow();
        assertThat(v.gatewayLayer()).isEqualTo("{\"gateway\":{}}");
        assertThat(v.layers()).isEqualTo("[\"kind:lake@2\"]");

        long first = repo.insertPush("kind:lake", "ops", "why", T0);
        long second = repo.insertPush("fleet", "ops", "why", T0);
        assertThat(second).isGreaterThan(first);
        repo.insertPushTarget(first, new RemoteConfigRepository.PushTarget("rc-l2", "SKIPPED", null, "none yet"));
        repo.insertPushTarget(first, new RemoteConfigRepository.PushTarget("rc-l1", "STORED", 1L, null));
        assertThat(repo.push(first).orElseThrow().target()).isEqualTo("kind:lake");
        assertThat(repo.pushTargets(first)).containsExactly(
                new RemoteConfigRepository.PushTarget("rc-l1", "STORED", 1L, null),
                new RemoteConfigRepository.PushTarget("rc-l2", "SKIPPED", null, "none yet"));
        assertThat(repo.push(second + 1)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void manyErrorsAreCutToTheColumnWithANote() {
        List<ConfigError> many = java.util.stream.IntStream.range(0, 5000)
                .mapToObj(i -> new ConfigError("devices[" + i + "]", "does not answer: 12 of 12 requests failed"))
                .toList();
        String json = ReportIntake.errorsJson(many);
        assertThat(json.length()).isLessThanOrEqualTo(ReportIntake.MAX_ERRORS_CHARS);
        List<ConfigError> kept = ReportIntake.errors(json);
        assertThat(kept.get(0)).isEqualTo(many.get(0));
        assertThat(kept.get(kept.size() - 1).message()).endsWith("more errors not kept");
    }
}
