package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.oneLine;

import java.util.EnumSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.hanedge.gateway.api.profile.SerialLineSource;
import org.hanedge.gateway.api.profile.ValueKind;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Parses a {@code bus: ascii} source: a value matched in the lines of a serial instrument, polled or streamed. */
final class AsciiSourceParser {
    private final NodeReader reader;

    AsciiSourceParser(NodeReader reader) {
        this.reader = reader;
    }

    SourceInfo parse(YamlMap s, ValueKind explicitKind) {
        String request = null;
        if (s.has("request")) {
            request = reader.string(s, "request", false);
            Node n = s.value("request");
            if (request != null && n instanceof ScalarNode sn
                    && sn.getScalarStyle() != DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
                request = unescape(request);
            }
            if (request != null && request.isEmpty()) {
                reader.problem(n, s.field("request"),
                        "request must not be empty; leave it out for a streaming instrument");
            }
        }
        String pattern = reader.string(s, "pattern", true);
        Integer group = reader.integer(s, "group", false, 0, 99);
        Double scale = reader.number(s, "scale", false);
        boolean ok = pattern != null;
        if (pattern != null) {
            try {
                int groups = Pattern.compile(pattern).matcher("").groupCount();
                int g = group == null ? Math.min(1, groups) : group;
                if (g > groups) {
                    reader.problem(s.has("group") ? s.value("group") : s.value("pattern"), s.field("group"),
                            "group " + g + " does not exist: the pattern has " + groups + " capture group(s)");
                    ok = false;
                }
                group = g;
            } catch (PatternSyntaxException e) {
                reader.problem(s.value("pattern"), s.field("pattern"), "not a valid regular expression: "
                        + oneLine(e.getDescription()) + " near index " + e.getIndex());
                ok = false;
            }
        }
        if (scale != null && scale == 0) {
            reader.problem(s.value("scale"), s.field("scale"), "scale must not be zero");
            ok = false;
        }
        if (scale != null && explicitKind == ValueKind.TEXT) {
            reader.problem(s.value("scale"), s.field("scale"), "scale applies only to numeric values, not kind text");
            ok = false;
        }
        ok &= !(s.has("group") && group == null) && !(s.has("request") && request == null)
                && !(s.has("scale") && scale == null);
        return new SourceInfo(ok ? new SerialLineSource(request, pattern, group, scale == null ? 1 : scale) : null,
                ValueKind.NUMBER, EnumSet.of(ValueKind.NUMBER, ValueKind.TEXT), null, "an ascii source");
    }

    /** Resolves {@code \r \n \t \\ \xNN} in a request written without YAML double quotes. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\' || i + 1 >= s.length()) {
                b.append(ch);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'r' -> b.append('\r');
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case '\\' -> b.append('\\');
                case 'x' -> {
                    if (i + 2 < s.length() && s.substring(i + 1, i + 3).matches("[0-9a-fA-F]{2}")) {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        b.append("\\x");
                    }
                }
                default -> b.append('\\').append(next);
            }
        }
        return b.toString();
    }
}
