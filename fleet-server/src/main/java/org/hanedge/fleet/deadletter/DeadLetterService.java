package org.hanedge.fleet.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.ConflictException;
import org.hanedge.fleet.api.NotFoundException;
import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.event.FleetEvent;
import org.hanedge.fleet.ingest.IngestReplay;
import org.hanedge.fleet.ingest.ReplayOutcome;
import org.hanedge.fleet.ingest.ReplayResult;
import org.hanedge.fleet.ingest.senml.DeadLetterReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

import jakarta.annotation.PreDestroy;

/**
 * Dead letters for operators: list, show, replay one or a filtered set through the ingest path
 * ({@link IngestReplay}), and the automatic replay of a gateway's {@code UNKNOWN_DEVICE} dead letters when its
 * birth is stored (telemetry read before the birth, e.g. right after a restart, is stored once the devices are
 * announced). Each replay is recorded on the dead letter: when, the outcome, and a one-line detail.
 */
@Service
public class DeadLetterService {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterService.class);
    static final int MAX_PAGE_SIZE = 500;
    static final long WAIT_SECONDS = 30;

    private final DeadLetterRepository repository;
    private final IngestReplay replay;
    private final DeadLetterProperties properties;
    private final Clock clock;
    private final ExecutorService births = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hanedge-dead-letter-replay");
        t.setDaemon(true);
        return t;
    });

    public DeadLetterService(DeadLetterRepository repository, IngestReplay replay, DeadLetterProperties properties,
            Clock clock) {
        this.repository = repository;
        this.replay = replay;
        this.properties = properties;
        this.clock = clock;
    }

    public PageDto<DeadLetterDto> list(DeadLetterFilter filter, int page, int size) {
        return new PageDto<>(repository.page(filter, page, size).stream().map(DeadLetterService::dto).toList(), page,
                size, repository.count(filter));
    }

    public DeadLetterDto get(long id) {
        return dto(find(id));
    }

    public PayloadDto payload(long id) {
        StoredDeadLetter d = find(id);
        if (d.payloadBase64() == null) {
            return new PayloadDto(id, d.payloadSize(), d.payloadSize() == 0, null, null);
        }
        byte[] kept = Base64.getDecoder().decode(d.payloadBase64());
        return new PayloadDto(id, d.payloadSize(), kept.length >= d.payloadSize(), text(kept), d.payloadBase64());
    }

    /**
     * Replays one dead letter and records the outcome.
     *
     * @throws ConflictException when its last replay already stored it
     */
    public ReplayDto replay(long id) {
        StoredDeadLetter d = find(id);
        if (resolved(d)) {
            throw new ConflictException("dead letter " + id + " was already replayed (" + d.replayOutcome() + " at "
                    + Instant.ofEpochMilli(d.replayedAt()) + ")");
        }
        return await(id, start(d));
    }

    /** Replays the unresolved dead letters matching the filter, oldest first, at most {@code limit}. */
    public BulkReplayDto replayMatching(DeadLetterFilter filter, int limit) {
        int max = Math.min(limit, properties.maxReplay());
        List<Long> ids = repository.unresolvedIds(filter, max + 1);
        boolean more = ids.size() > max;
        List<Long> chosen = more ? ids.subList(0, max) : ids;
        Map<Long, CompletableFuture<ReplayResult>> started = new LinkedHashMap<>();
        for (long id : chosen) {
            repository.find(id).ifPresent(d -> started.put(id, start(d)));
        }
        List<ReplayDto> results = new ArrayList<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        started.forEach((id, f) -> {
            ReplayDto r = await(id, f);
            results.add(r);
            outcomes.merge(r.outcome(), 1, Integer::sum);
        });
        return new BulkReplayDto(results.size(), more, outcomes, results);
    }

    /** After a birth is committed: replays the gateway's recent unresolved UNKNOWN_DEVICE dead letters. */
    @TransactionalEventListener
    public void onPresence(FleetEvent.Presence presence) {
        if (!presence.online() || properties.replayOnBirthWithin().isZero()) {
            return;
        }
        births.execute(() -> {
            try {
                BulkReplayDto r = replayMatching(new DeadLetterFilter(presence.gatewayId(),
                        DeadLetterReason.UNKNOWN_DEVICE.name(),
                        Instant.ofEpochMilli(clock.millis()).minus(properties.replayOnBirthWithin()), null, false),
                        properties.maxReplay());
                if (r.replayed() > 0) {
                    LOG.info("dead letters: birth of {}: replayed {} UNKNOWN_DEVICE dead letters: {}",
                            presence.gatewayId(), r.replayed(), r.outcomes());
                }
            } catch (RuntimeException e) {
                LOG.warn("dead letters: replay after the birth of {} failed: {}", presence.gatewayId(), e.toString());
            }
        });
    }

    @PreDestroy
    void stop() {
        births.shutdownNow();
    }

    /** Starts a replay; its outcome is recorded on the dead letter once known, however long that takes. */
    private CompletableFuture<ReplayResult> start(StoredDeadLetter d) {
        String why = ReplayPayload.notReplayable(d);
        CompletableFuture<ReplayResult> f = why != null ? CompletableFuture.completedFuture(
                ReplayResult.notReplayable(why)) : replay.replay(d.topic(), ReplayPayload.of(d));
        return f.thenApplyAsync(r -> { // not on the ingest writer's thread, which completes the replay
            record(d.id(), r);
            return r;
        });
    }

    /**
     * Records a replay's outcome on its dead letter. A dead letter the retention deleted meanwhile is skipped: its
     * replay's data is stored all the same, only the record of it is gone. A lock conflict with the retention's
     * delete is retried once (it deletes in short batches), and then finds the letter deleted or not.
     */
    private void record(long id, ReplayResult r) {
        boolean marked;
        try {
            marked = repository.markReplayed(id, clock.millis(), r.outcome().name(), r.detail());
        } catch (ConcurrencyFailureException e) {
            marked = repository.markReplayed(id, clock.millis(), r.outcome().name(), r.detail());
        }
        if (!marked) {
            LOG.info("dead letters: dead letter {} was deleted by the retention while it was replayed ({}); its"
                    + " outcome is not recorded", id, r.outcome());
        }
    }

    private static ReplayDto await(long id, CompletableFuture<ReplayResult> f) {
        try {
            ReplayResult r = f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return new ReplayDto(id, r.outcome().name(), r.stored(), r.duplicates(), r.refusedReasons(), r.detail());
        } catch (TimeoutException e) {
            return new ReplayDto(id, "PENDING", 0, 0, List.of(), "not committed within " + WAIT_SECONDS
                    + " s (is the database slow?); the outcome is recorded on the dead letter once it is");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying dead letter " + id, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("replaying dead letter " + id + " failed", e.getCause());
        }
    }

    private StoredDeadLetter find(long id) {
        return repository.find(id).orElseThrow(() -> new NotFoundException("dead letter", Long.toString(id)));
    }

    private static boolean resolved(StoredDeadLetter d) {
        return ReplayOutcome.STORED.name().equals(d.replayOutcome())
                || ReplayOutcome.DUPLICATE.name().equals(d.replayOutcome());
    }

    static DeadLetterDto dto(StoredDeadLetter d) {
        return new DeadLetterDto(d.id(), Instant.ofEpochMilli(d.receivedAt()), d.gatewayId(), d.topic(), d.reason(),
                Reasons.describe(d.reason()), d.detail(), d.payloadSize(), ReplayPayload.replayable(d),
                d.replayedAt() == null ? null : Instant.ofEpochMilli(d.replayedAt()), d.replayOutcome(),
                d.replayDetail());
    }

    /** UTF-8 text without control characters other than tab and line ends; else null. */
    private static String text(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            boolean printable = s.codePoints().noneMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n'
                    && c != '\r');
            return printable ? s : null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The API's reason parameter: upper-cased, letters and underscores only. */
    static String reason(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String r = value.trim().toUpperCase(Locale.ROOT);
        if (!r.matches("[A-Z_]{1,32}")) {
            throw new BadRequestException("reason", "'" + value + "' is not a reason (e.g. UNKNOWN_DEVICE)");
        }
        return r;
    }
}
