package org.hanedge.fleet.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.hanedge.fleet.FleetServerApplication;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The server's database directory on a real 64 MB file system (tmpfs) that ingest fills: ingest pauses with one clear
 * log line, the API refuses writes with 503 and still answers reads, nothing is lost or stored twice, and everything
 * resumes by itself once space is freed; the database opens again after a restart.
 */
class DiskFullTest {
    private static final String GATEWAY = "DISK-LAKE-1";
    private static final int RECORDS_PER_MESSAGE = 50;
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;
    private Path data;
    private Path mount;
    private boolean mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", mount.toString());
        }
    }

    @Test
    void ingestFillsTheDiskPausesAndResumesWhenSpaceIsFreed() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs (CI runs as root)");
        data = Files.createDirectory(tmp.resolve("data"));
        // the database's own file system (the broker's file persistence takes tens of MB at its start and stays on
        // the data directory's)
        mount = Files.createDirectory(data.resolve("db"));
        int rc = run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mount.toString());
        assumeTrue(rc == 0, "mount -t tmpfs failed (exit " + rc + "): no full-disk test here");
        mounted = true;

        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        // attached once the server started: Spring Boot's logging set-up replaces earlier appenders
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        int port = FleetServerTest.freePort();
        AtomicLong sent = new AtomicLong();
        long total;
        try (ConfigurableApplicationContext ctx = start(port)) {
            root.addAppender(log);
            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            DatabaseDisk disk = ctx.getBean(DatabaseDisk.class);
            ctx.getBean(GatewayRegistry.class).register(List.of(new Site(GATEWAY, "lake", "Hồ Đầy", null, "Son Tra",
                    16.1, 108.25, "lake", null, List.of("disk"), List.of("lake"))));
            String password = ctx.getBean(MqttCredentialService.class).issueForGateway(GATEWAY).password();
            String admin = Files.readString(data.resolve("secrets/initial-admin-password")).trim();
            String api = "http://127.0.0.1:" + ((ServletWebServerApplicationContext) ctx).getWebServer().getPort();

            AtomicBoolean stop = new AtomicBoolean();
            Thread publisher = new Thread(() -> {
                try (TestGateway gw = TestGateway.connect(GATEWAY, password, port)) {
                    gw.birth("{\"lake-sonde\":\"lake@1.0.0\"}");
                    while (!stop.get()) {
                        long first = sent.get() + 1;
                        try {
                            gw.telemetry(pack(first), first, RECORDS_PER_MESSAGE); // returns on its PUBACK
                        } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException notStored) {
                            continue; // an error PUBACK (not stored in time): a gateway keeps it and sends it again
                        }
                        sent.addAndGet(RECORDS_PER_MESSAGE);
                        try {
                            TimeUnit.MILLISECONDS.sleep(20); // pacing of a gateway, not synchronisation
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "disk-full-publisher");
            publisher.start();
            await().until(() -> readings(jdbc) > 500);

            // leave 18 MiB: the ingest itself takes the free space below min-free (16 MiB)
            Path filler = mount.resolve("filler");
            fill(filler, Files.getFileStore(mount).getUsableSpace() - 18 * MIB);
            await().atMost(Duration.ofMinutes(2)).until(disk::full);
            // a batch already past the check may still commit; then nothing more is stored
            AtomicLong last = new AtomicLong(-1);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30))
                    .until(() -> last.getAndSet(readings(jdbc)) == last.get());
            long atFull = readings(jdbc);
            // the PUBACK waits for the commit: while ingest is paused the gateway's publish is not acknowledged
            assertThat(sent.get()).as("readings acknowledged to the gateway while the disk is full").isEqualTo(atFull);

            List<String> fullLines = errorLines(log, "database disk full");
            assertThat(fullLines).hasSize(1);
            assertThat(fullLines.get(0)).contains(mount.toString()).contains("ingest paused");
            assertThat(errorLines(log, "ingest: database write")).isEmpty();

            HttpResponse<String> write = http(api, admin, "POST", "/api/v1/admin/gateways",
                    "{\"id\":\"DISK-NEW\",\"kind\":\"lake\",\"name\":\"Hồ Mới\"}");
            assertThat(write.statusCode()).isEqualTo(503);
            assertThat(write.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(write.body()).contains("Database disk full").contains(mount.toString());
            HttpResponse<String> read = http(api, admin, "GET", "/api/v1/gateways/" + GATEWAY, null);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains(GATEWAY);

            Files.delete(filler);
            await().atMost(Duration.ofMinutes(1)).until(() -> !disk.full());
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(readings(jdbc))
                    .as(() -> "ingest resumes (disk full: " + disk.full() + ", sent " + sent.get() + ")")
                    .isGreaterThan(atFull));
            assertThat(http(api, admin, "POST", "/api/v1/admin/gateways",
                    "{\"id\":\"DISK-NEW\",\"kind\":\"lake\",\"name\":\"Hồ Mới\"}").statusCode()).isEqualTo(201);
            assertThat(errorLines(log, "database disk full")).hasSize(1);

            stop.set(true);
            publisher.join(10_000);
            total = sent.get();
            await().atMost(Duration.ofMinutes(2)).until(() -> readings(jdbc) == total);
            assertThat(jdbc.sql("SELECT COUNT(DISTINCT seq) FROM reading").query(Long.class).single())
                    .as("every reading sent, stored exactly once").isEqualTo(total);
        } finally {
            root.detachAppender(log);
        }
        // the database file is intact: it opens again with everything in it
        try (ConfigurableApplicationContext ctx = start(port)) {
            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            assertThat(readings(jdbc)).isEqualTo(total);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway WHERE id = 'DISK-NEW'").query(Long.class).single())
                    .isEqualTo(1);
        }
    }

    private ConfigurableApplicationContext start(int mqttPort) {
        return new SpringApplicationBuilder(FleetServerApplication.class).run("--server.port=0",
                "--hanedge.fleet.data-dir=" + data, "--hanedge.fleet.mqtt.port=" + mqttPort,
                "--hanedge.fleet.mqtt.bind-address=127.0.0.1",
                "--hanedge.fleet.profiles-dir=" + FleetServerTest.projectPath("device-profiles"),
                "--hanedge.fleet.disk.min-free=16MB", "--hanedge.fleet.disk.resume-free=24MB",
                "--hanedge.fleet.disk.check-every=500ms");
    }

    private static String pack(long firstSeq) {
        double t = System.currentTimeMillis() / 1000.0;
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < RECORDS_PER_MESSAGE; i++) {
            long seq = firstSeq + i;
            sb.append(i == 0 ? "" : ",").append(TestGateway.record(i == 0 ? GATEWAY + "/lake-sonde/" : null,
                    "water_level", "m", "\"v\":" + seq, t + i / 1000.0, seq));
        }
        return sb.append(']').toString();
    }

    private static long readings(JdbcClient jdbc) {
        return jdbc.sql("SELECT COUNT(*) FROM reading").query(Long.class).single();
    }

    private static List<String> errorLines(ListAppender<ILoggingEvent> log, String text) {
        return log.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains(text)).toList();
    }

    private static void fill(Path file, long bytes) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) MIB);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long left = bytes; left > 0; left -= MIB) {
                chunk.clear().limit((int) Math.min(MIB, left));
                while (chunk.hasRemaining()) {
                    ch.write(chunk);
                }
            }
        }
    }

    private static HttpResponse<String> http(String api, String adminPassword, String method, String path,
            String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
