package org.hanedge.gateway.uplink.mqtt.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.WriteCommand;
import org.hanedge.gateway.api.WriteResult;
import org.hanedge.gateway.api.WriteStatus;

/** An {@link OutputDriver} test double: records every command and answers with a chosen result. */
final class RecordingOutputDriver implements OutputDriver {
    final List<WriteCommand> commands = new CopyOnWriteArrayList<>();
    private volatile Function<WriteCommand, CompletionStage<WriteResult>> answer = c -> CompletableFuture
            .completedFuture(new WriteResult(c, WriteStatus.DONE, null, Instant.now()));

    /** From now on every write ends with {@code status} and {@code reason}. */
    RecordingOutputDriver answering(WriteStatus status, String reason) {
        answer = c -> CompletableFuture.completedFuture(new WriteResult(c, status, reason, Instant.now()));
        return this;
    }

    /** From now on no write ever completes. */
    RecordingOutputDriver hanging() {
        answer = c -> new CompletableFuture<>();
        return this;
    }

    @Override
    public CompletionStage<WriteResult> write(WriteCommand command) {
        commands.add(command);
        return answer.apply(command);
    }
}
