package org.hanedge.gateway.rules.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.WriteCommand;
import org.hanedge.gateway.api.WriteResult;
import org.hanedge.gateway.api.WriteStatus;
import org.hanedge.gateway.api.profile.ControlRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the actions of fired rules on its own executor (never on a driver's thread), in order, through the
 * {@link OutputDriver} of a device running the rule's profile that offers the output: the drivers are tried in
 * turn, and one answering UNKNOWN_DEVICE / UNKNOWN_CHANNEL / NOT_WRITABLE passes it to the next. The driver still
 * applies the profile's interlocks, so a rule can no more run a pump dry than a remote command can. Each outcome
 * is logged and handed to {@code report} (which appends it to the outbox as a {@code rule-action} event). The
 * command's origin is {@code rule:<rule name>}.
 */
final class ActionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);
    private static final Set<WriteStatus> NOT_HERE =
            Set.of(WriteStatus.UNKNOWN_DEVICE, WriteStatus.UNKNOWN_CHANNEL, WriteStatus.NOT_WRITABLE);
    static final long WRITE_TIMEOUT_S = 10;

    private final Function<String, List<Map.Entry<String, OutputDriver>>> outputsOfProfile;
    private final Consumer<ActionOutcome> report;
    private final Executor executor;
    private final Clock clock;

    /**
     * @param outputsOfProfile device id and output driver of every device running a profile id
     * @param report           where outcomes go
     * @param executor         where actions run
     */
    ActionRunner(Function<String, List<Map.Entry<String, OutputDriver>>> outputsOfProfile,
            Consumer<ActionOutcome> report, Executor executor, Clock clock) {
        this.outputsOfProfile = outputsOfProfile;
        this.report = report;
        this.executor = executor;
        this.clock = clock;
    }

    void submit(RuleEngine.Firing f) {
        LOG.info("rule {} of profile {} fired: {} = {} ({})", f.rule().name(), f.profileId(), f.rule().channel(),
                f.value(), f.rule().reason());
        executor.execute(() -> run(f));
    }

    /** Runs every action of the firing now, on the calling thread. */
    List<ActionOutcome> run(RuleEngine.Firing f) {
        List<ActionOutcome> outcomes = new ArrayList<>();
        for (ControlRule.Action a : f.rule().actions()) {
            ActionOutcome o = apply(f, a);
            outcomes.add(o);
            if ("DONE".equals(o.status())) {
                LOG.info("rule {}: {}/{} = {} DONE", f.rule().name(), o.outputDevice(), a.output(), a.value());
            } else {
                LOG.warn("rule {}: {}/{} = {} {}: {}", f.rule().name(), o.outputDevice(), a.output(), a.value(),
                        o.status(), o.detail());
            }
            try {
                report.accept(o);
            } catch (RuntimeException e) {
                LOG.warn("rule {}: outcome not reported: {}", f.rule().name(), e.toString());
            }
        }
        return outcomes;
    }

    private ActionOutcome apply(RuleEngine.Firing f, ControlRule.Action a) {
        WriteResult last = null;
        String lastDevice = null;
        for (Map.Entry<String, OutputDriver> d : outputsOfProfile.apply(f.profileId())) {
            WriteCommand cmd = new WriteCommand(d.getKey(), a.output(), a.value(), "rule:" + f.rule().name());
            WriteResult r;
            try {
                r = d.getValue().write(cmd).toCompletableFuture().get(WRITE_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome(f, d.getKey(), a, "FAILED", "interrupted");
            } catch (Exception e) {
                return outcome(f, d.getKey(), a, "FAILED", "no answer from the driver: " + e);
            }
            last = r;
            lastDevice = d.getKey();
            if (!NOT_HERE.contains(r.status())) {
                break;
            }
        }
        if (last == null) {
            return outcome(f, null, a, WriteStatus.UNKNOWN_DEVICE.name(),
                    "no output driver of a device running profile " + f.profileId());
        }
        return new ActionOutcome(f, lastDevice, a.output(), a.value(), last.status().name(), last.reason(),
                last.time());
    }

    private ActionOutcome outcome(RuleEngine.Firing f, String device, ControlRule.Action a, String status,
            String detail) {
        return new ActionOutcome(f, device, a.output(), a.value(), status, detail, clock.instant());
    }
}
