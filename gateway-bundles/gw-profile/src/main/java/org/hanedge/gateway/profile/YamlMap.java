package org.hanedge.gateway.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** A mapping node with its keys resolved (merge keys {@code <<} flattened, duplicates reported) and its path. */
final class YamlMap {
    private static final int MAX_MERGE_DEPTH = 8;

    private final MappingNode node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    YamlMap(MappingNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        collect(node, true, 0);
    }

    private void collect(MappingNode m, boolean explicit, int depth) {
        List<Node> merges = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks)) {
                problems.at(k, path, "keys must be plain names, got " + describe(k));
                continue;
            }
            if (Tag.MERGE.equals(k.getTag())) {
                merges.add(t.getValueNode());
                continue;
            }
            String key = ks.getValue();
            if (!explicit) {
                entries.putIfAbsent(key, t);
                continue;
            }
            NodeTuple first = entries.putIfAbsent(key, t);
            if (first != null) {
                problems.at(k, field(key), "duplicate key '" + key + "' (first at line "
                        + (first.getKeyNode().getStartMark().getLine() + 1) + ")");
            }
        }
        if (depth > MAX_MERGE_DEPTH) {
            return;
        }
        for (Node merged : merges) {
            if (merged instanceof MappingNode mm) {
                collect(mm, false, depth + 1);
            } else if (merged instanceof SequenceNode seq) {
                for (Node item : seq.getValue()) {
                    if (item instanceof MappingNode mm) {
                        collect(mm, false, depth + 1);
                    } else {
                        problems.at(item, path, "a merge key '<<' needs mappings, got " + describe(item));
                    }
                }
            } else {
                problems.at(merged, path, "a merge key '<<' needs a mapping or a list of mappings, got "
                        + describe(merged));
            }
        }
    }

    /** The mapping node itself. */
    Node node() {
        return node;
    }

    /** The path of {@code key} in this mapping, for example {@code channels[3].source.type}. */
    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Present with a non-null value. */
    boolean has(String key) {
        NodeTuple t = entries.get(key);
        return t != null && !isNull(t.getValueNode());
    }

    /** The value node of {@code key}, or the mapping itself when the key is absent (for a position). */
    Node value(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? node : t.getValueNode();
    }

    void allowOnly(Collection<String> allowed) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                problems.at(e.getValue().getKeyNode(), field(e.getKey()), "unknown key '" + e.getKey()
                        + "' (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** Reports a required key that is absent or has no value. */
    void missing(String key) {
        NodeTuple t = entries.get(key);
        if (t != null) {
            problems.at(t.getKeyNode(), field(key), "'" + key + "' needs a value");
        } else {
            problems.at(node, field(key), "missing required field '" + key + "'");
        }
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** How a node is named in messages: {@code a mapping}, {@code a list}, {@code 'text'} or {@code nothing}. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode s) {
            return isNull(s) ? "nothing" : "'" + s.getValue() + "'";
        }
        return "something else";
    }
}
