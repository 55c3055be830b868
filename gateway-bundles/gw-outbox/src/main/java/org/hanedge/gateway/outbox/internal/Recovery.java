package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an outbox's files at start: loads the checkpoint, scans and repairs every segment, resumes the sequence
 * counter from the highest of the checkpoint slots' high-water marks, the numbers in the segments and the segment
 * names, fsyncs recovered entries, writes a fresh checkpoint into both slots before anything can be handed out and
 * deletes fully acknowledged segments.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class); // log lines stay FileOutbox's

    private final OutboxStore store;

    Recovery(OutboxStore store) {
        this.store = store;
    }

    void run() throws IOException {
        CheckpointStore.Loaded loaded = store.checkpoints.load();
        CheckpointFormat.Snapshot st = loaded.best();
        if (st != null) {
            store.pending.checkpointGen = st.gen();
            store.drops.load(st.drops());
        }
        SegmentScanner scanner = new SegmentScanner(store.disk, store.drops);
        long maxSeq = loaded.hwm();
        boolean anySegment = false;
        for (Lane lane : store.lanes) {
            if (st != null) {
                lane.watermark = st.watermarks().getOrDefault(lane.priority.name(), 0L);
                lane.acked.addAll(st.acked().getOrDefault(lane.priority.name(), List.of()));
            }
            lane.lastReadSeq = lane.watermark;
            long prevSeq = 0;
            TreeMap<Long, Path> files = segmentFiles(lane.dir);
            for (Map.Entry<Long, Path> f : files.entrySet()) {
                anySegment = true;
                Long next = files.higherKey(f.getKey());
                Segment s = new Segment(lane, f.getKey(), f.getValue());
                prevSeq = scanner.scan(s, prevSeq, next == null ? Long.MAX_VALUE : next - 1);
                store.bytesOnDisk += s.size;
                lane.segments.put(s.firstSeq, s);
                // a segment is named by a number that was handed out when it was created
                maxSeq = Math.max(maxSeq, Math.max(prevSeq, s.firstSeq));
            }
            if (!lane.segments.isEmpty()) {
                Segment last = lane.segments.lastEntry().getValue();
                if (last.size >= RecordFormat.SEGMENT_HEADER) {
                    lane.active = last;
                }
            }
        }
        store.lastSeq = maxSeq;
        if (st == null && anySegment) {
            LOG.warn("outbox {}: no valid checkpoint (both slots lost); numbering resumes after the highest sequence"
                    + " number found in the segments ({}), which cannot cover entries that were acknowledged and"
                    + " deleted", store.dir, maxSeq);
        }
        // entries recovered from the page cache after a process crash are made durable before they are handed out
        for (Lane lane : store.lanes) {
            for (Segment s : new ArrayList<>(lane.segments.values())) {
                if (s.size < RecordFormat.SEGMENT_HEADER || s.unacked == 0) {
                    store.doom(s);
                } else {
                    store.disk.force(s.channel(), false);
                    s.durableEnd = s.size;
                    s.syncedEnd = s.size;
                    store.maybeClose(s);
                }
            }
        }
        // both slots hold the high-water mark before anything is handed out (so either may be lost later), and both
        // files exist from the start: later checkpoints overwrite them in place, needing no new blocks on a full disk
        store.checkpoints.write(store.snapshotCheckpoint());
        store.checkpoints.write(store.snapshotCheckpoint());
        store.deleteDoomed();
        LOG.info("outbox {} opened: {} pending entries ({} bytes), last seq {}", store.dir, store.pendingEntries(),
                store.bytesOnDisk, store.lastSeq);
    }

    /** The lane's segment files by first sequence number. */
    private static TreeMap<Long, Path> segmentFiles(Path laneDir) throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(laneDir, "*.seg")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                try {
                    files.put(Long.parseLong(name.substring(0, name.length() - 4)), p);
                } catch (NumberFormatException e) {
                    LOG.warn("outbox: ignoring unexpected file {}", p);
                }
            }
        }
        return files;
    }
}
