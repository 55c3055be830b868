package org.hanedge.fleet.remoteconfig;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.fleet.api.FieldProblem;
import org.hanedge.fleet.api.UnprocessableException;
import org.springframework.stereotype.Service;

/**
 * The checks of a change without the change: a gateway's candidate document checked exactly as a PUT checks it, and
 * what a push of a group would do to each of its gateways. Nothing is stored, published or audited.
 */
@Service
public class ConfigDryRun {
    private final RemoteConfigRepository repository;
    private final RemoteConfigService configs;
    private final ConfigCheck check;
    private final Clock clock;

    public ConfigDryRun(RemoteConfigRepository repository, RemoteConfigService configs, ConfigCheck check,
            Clock clock) {
        this.repository = repository;
        this.configs = configs;
        this.check = check;
        this.clock = clock;
    }

    /**
     * Runs the checks of {@link RemoteConfigService#put}: the document read as the gateway reads it, merged over the
     * current layers, the site parser's and the profiles' checks, the size a gateway reads.
     *
     * @return the effective document with the layer of each value; {@code differs}: from the latest version
     * @throws UnprocessableException the same refusal a PUT of this document would get
     */
    public EffectiveDto check(String gatewayId, ConfigCheckRequest request) {
        configs.requireGateway(gatewayId);
        Map<String, Object> own = ConfigCheck.read(gatewayId, configs.toJson(gatewayId, request.site()));
        RemoteConfigService.Composition c = configs.compose(gatewayId, own, null, null);
        ConfigCheck.Checked checked;
        try {
            checked = check.check(gatewayId, c.site(), request.profileVersions());
        } catch (UnprocessableException e) {
            throw RemoteConfigService.withOrigins(e, c.origins());
        }
        Optional<StoredVersion> latest = repository.latest(gatewayId);
        long next = repository.latestVersion(gatewayId) + 1;
        byte[] document = ConfigDocuments.write(new DesiredConfig(next, checked.site(), checked.profileVersions(),
                "check", request.reason() == null || request.reason().isBlank() ? "check" : request.reason().strip(),
                clock.instant()));
        if (document.length > ConfigDocuments.MAX_BYTES) {
            throw ConfigCheck.refused(gatewayId, List.of(new FieldProblem("", "the configuration document is "
                    + document.length + " bytes, more than a gateway reads (" + ConfigDocuments.MAX_BYTES + ")")));
        }
        boolean differs = latest.map(v -> !RemoteConfigService.desired(v).site().equals(checked.site())).orElse(true);
        return new EffectiveDto(gatewayId, latest.map(StoredVersion::version).orElse(null), checked.site(),
                c.labels(), c.origins(), differs, own);
    }

    /**
     * What a push of the group would do to each gateway, as {@link LayerService#push} decides it, with the group's
     * layer replaced by {@code candidate} when one is given.
     */
    public PreviewDto preview(LayerGroup group, Map<String, Object> candidate) {
        List<PreviewDto.Target> targets = new ArrayList<>();
        Map<String, Long> counts = new TreeMap<>();
        for (String gw : repository.members(group)) {
            PreviewDto.Target t = previewOne(gw, candidate == null ? null : group, candidate);
            targets.add(t);
            counts.merge(t.outcome(), 1L, Long::sum);
        }
        return new PreviewDto(group.label(), counts, targets);
    }

    private PreviewDto.Target previewOne(String gw, LayerGroup replaced, Map<String, Object> candidate) {
        Optional<StoredVersion> latest = repository.latest(gw);
        if (latest.isEmpty()) {
            return new PreviewDto.Target(gw, "SKIPPED", null, null, "no configuration of its own yet");
        }
        StoredVersion current = latest.get();
        DesiredConfig desired = RemoteConfigService.desired(current);
        RemoteConfigService.Composition c = configs.compose(gw, configs.ownDocument(current), replaced, candidate);
        List<FieldProblem> problems = check.problems(gw, c.site(), desired.profileVersions());
        if (!problems.isEmpty()) {
            return new PreviewDto.Target(gw, "REFUSED", current.version(), RemoteConfigService.withOrigins(
                    ConfigCheck.refused(gw, problems), c.origins()).errors(), null);
        }
        return new PreviewDto.Target(gw, c.site().equals(desired.site()) ? "UNCHANGED" : "CHANGED",
                current.version(), null, null);
    }
}
