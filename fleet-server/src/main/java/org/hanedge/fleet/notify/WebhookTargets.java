package org.hanedge.fleet.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.hanedge.fleet.config.FleetProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The configured webhooks ({@code hanedge.fleet.webhooks.<domain>.url/.secret}), checked on start: a hook without
 * an http(s) URL or without a secret stops the server with a message naming the setting.
 */
@Component
public class WebhookTargets {
    /** The key of the hook that receives every domain's alarms. */
    public static final String ALL_DOMAINS = "*";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookTargets.class);

    /** One hook: its settings key, URL and secret. */
    public record Target(String key, URI url, String secret) {
        @Override
        public String toString() {
            return "Target[" + key + " -> " + url.getHost() + "]";
        }
    }

    private final Map<String, Target> targets;

    @Autowired
    public WebhookTargets(FleetProperties properties) {
        this(properties.webhooks());
    }

    /** @throws IllegalArgumentException naming the setting that is missing or malformed */
    public WebhookTargets(Map<String, FleetProperties.Webhook> hooks) {
        Map<String, Target> m = new TreeMap<>();
        hooks.forEach((key, hook) -> m.put(key, target(key, hook)));
        this.targets = Map.copyOf(m);
        m.values().forEach(t -> LOG.info("alarm webhook '{}' posts to host {}", t.key(), t.url().getHost()));
    }

    public boolean isEmpty() {
        return targets.isEmpty();
    }

    /** The hooks an alarm of that domain (site kind, may be null) goes to: the domain's own, then {@code *}. */
    public List<Target> forDomain(String domain) {
        List<Target> out = new ArrayList<>(2);
        if (domain != null && !domain.equals(ALL_DOMAINS) && targets.containsKey(domain)) {
            out.add(targets.get(domain));
        }
        if (targets.containsKey(ALL_DOMAINS)) {
            out.add(targets.get(ALL_DOMAINS));
        }
        return out;
    }

    public Optional<Target> byKey(String key) {
        return Optional.ofNullable(targets.get(key));
    }

    private static Target target(String key, FleetProperties.Webhook hook) {
        String setting = "hanedge.fleet.webhooks." + key;
        if (hook == null || hook.url() == null || hook.url().isBlank()) {
            throw new IllegalArgumentException(setting + ".url is required");
        }
        URI uri;
        try {
            uri = new URI(hook.url().trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + ".url is not a URL: " + e.getMessage());
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(setting + ".url must be an http:// or https:// URL with a host");
        }
        if (hook.secret() == null || hook.secret().isBlank()) {
            throw new IllegalArgumentException(setting + ".secret is required: every webhook is signed");
        }
        return new Target(key, uri, hook.secret());
    }
}
