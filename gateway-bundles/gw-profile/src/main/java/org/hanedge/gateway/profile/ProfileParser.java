package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.oneLine;

import java.io.Reader;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the YAML node tree of one profile file and validates it, collecting every problem with its position.
 * One instance per file; the format's parts are parsed by {@link TopLevelParser} and the classes it uses.
 */
final class ProfileParser {
    private static final int MAX_ALIASES = 50;
    private static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private final String file;
    private final Problems problems;
    private final TopLevelParser topLevel;

    ProfileParser(String file) {
        this.file = file == null ? "(unnamed)" : file;
        String expectedId = this.file.endsWith(".yaml")
                ? this.file.substring(0, this.file.length() - ".yaml".length())
                : this.file;
        this.problems = new Problems(this.file);
        this.topLevel = new TopLevelParser(expectedId, problems);
    }

    DeviceProfile parse(Reader reader) throws ProfileException {
        Node root = compose(reader);
        DeviceProfile profile = null;
        if (root != null) {
            try {
                profile = topLevel.parse(root);
            } catch (RuntimeException e) {
                // A bug in validation must still surface as a ProfileException, never as a raw exception.
                problems.at(0, 0, "", "internal error while validating: " + e);
            }
        }
        if (!problems.isEmpty() || profile == null) {
            if (problems.isEmpty()) {
                problems.at(1, 1, "", "profile could not be read");
            }
            throw problems.toException();
        }
        return profile;
    }

    /** The document's root node, or null (reported) when the file is empty or not well-formed YAML. */
    private Node compose(Reader reader) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(MAX_ALIASES);
            options.setCodePointLimit(MAX_CODE_POINTS);
            Node root = new Yaml(options).compose(reader);
            if (root == null) {
                problems.at(1, 1, "",
                        "file is empty: expected a mapping with profile, version, description and channels");
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                what = e.getContext() + ": " + what;
            }
            problems.at(mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, "",
                    "malformed YAML: " + oneLine(what));
        } catch (RuntimeException e) {
            problems.at(0, 0, "", "malformed YAML: " + oneLine(String.valueOf(e.getMessage())));
        }
        return null;
    }
}
