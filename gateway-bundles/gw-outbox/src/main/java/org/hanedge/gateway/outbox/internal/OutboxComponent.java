package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.OutboxFullException;
import org.hanedge.gateway.api.outbox.OutboxStats;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Outbox} service: a {@link FileOutbox} configured by {@value #PID}. The configuration is optional, so the
 * gateway buffers with the defaults even before any configuration exists; a changed configuration reopens the store
 * (DS deactivates and reactivates the component; close commits and releases the files).
 */
@Component(name = OutboxComponent.PID, configurationPid = OutboxComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Outbox.class, immediate = true)
@Designate(ocd = OutboxComponent.Config.class)
public class OutboxComponent implements Outbox {
    public static final String PID = "org.hanedge.gateway.outbox";
    /** Framework property naming the gateway's data directory. */
    public static final String DATA_PROPERTY = "hanedge.data";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxComponent.class);

    @ObjectClassDefinition(id = OutboxComponent.PID, name = "HanEdge outbox",
            description = "Durable store-and-forward queue between acquisition and the uplink")
    public @interface Config {
        @AttributeDefinition(name = "Directory", required = false,
                description = "Where the outbox lives; empty: ${hanedge.data}/outbox, or ./data/outbox without it")
        String directory() default "";

        @AttributeDefinition(name = "Maximum size (bytes)", description = "Space on disk, all priorities together",
                min = "65536")
        long max_bytes() default 268435456L;

        @AttributeDefinition(name = "When full", description = "Drop the oldest entries of the lowest priority, "
                + "or reject new entries", options = {
                    @Option(label = "Drop oldest, lowest priority first", value = "drop-oldest"),
                    @Option(label = "Reject new entries", value = "reject-new")})
        String policy() default "drop-oldest";

        @AttributeDefinition(name = "Group commit delay (ms)",
                description = "Longest wait before appended entries are fsynced; appends within it share one fsync",
                min = "0")
        int commit_delay_ms() default 200;

        @AttributeDefinition(name = "Segment size (bytes)", min = "4096")
        int segment_bytes() default 1048576;
    }

    private final FileOutbox outbox;

    /** A small outbox gets smaller segments (16 per outbox, at least 4 KiB), so "drop oldest" frees space finely. */
    static int segmentBytes(int configured, long maxBytes) {
        return (int) Math.min(configured, Math.max(4096, maxBytes / 16));
    }

    @Activate
    public OutboxComponent(BundleContext context, Config config) {
        Path dir = directory(config.directory(), context == null ? null : context.getProperty(DATA_PROPERTY));
        FileOutbox.Settings settings = new FileOutbox.Settings(dir, config.max_bytes(),
                FileOutbox.FullPolicy.parse(config.policy()), Duration.ofMillis(config.commit_delay_ms()),
                segmentBytes(config.segment_bytes(), config.max_bytes()));
        try {
            outbox = new FileOutbox(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the outbox in " + dir + ": " + e.getMessage(), e);
        }
        LOG.info("outbox {}: max {} bytes, policy {}, commit delay {} ms, segments of {} bytes", dir,
                settings.maxBytes(), settings.policy().id(), config.commit_delay_ms(), settings.segmentBytes());
    }

    static Path directory(String configured, String dataDir) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir.trim(), "outbox");
        }
        return Path.of("data", "outbox");
    }

    @Deactivate
    void deactivate() {
        outbox.close();
    }

    @Override
    public CompletionStage<Long> append(Priority priority, List<Payload> payloads) throws OutboxFullException {
        return outbox.append(priority, payloads);
    }

    @Override
    public List<OutboxEntry> take(int max, Duration wait) throws InterruptedException {
        return outbox.take(max, wait);
    }

    @Override
    public void acknowledge(Collection<Long> seqs) {
        outbox.acknowledge(seqs);
    }

    @Override
    public void release(Collection<Long> seqs) {
        outbox.release(seqs);
    }

    @Override
    public OutboxStats stats() {
        return outbox.stats();
    }

    FileOutbox store() {
        return outbox;
    }
}
