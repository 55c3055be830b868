package org.hanedge.gateway.profile;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hanedge.gateway.api.profile.DeviceProfile;

/**
 * Reads a device profile YAML file (format: docs/profiles.md) and validates it. Every problem found is reported
 * together, each with its line, column and field; bad input never escapes as anything but a
 * {@link ProfileException}.
 */
public final class ProfileLoader {
    private ProfileLoader() {
    }

    /** Loads and validates {@code file}; its name without {@code .yaml} must equal the profile id. */
    public static DeviceProfile load(Path file) throws ProfileException {
        String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProfileException(List.of(new ProfileProblem(fileName, 0, 0, "", "file is not valid UTF-8")));
        } catch (IOException | RuntimeException e) {
            throw new ProfileException(List.of(new ProfileProblem(fileName, 0, 0, "", "cannot read file: " + e)));
        }
        return parse(fileName, new java.io.StringReader(text));
    }

    /**
     * Parses and validates a profile read from {@code reader}.
     *
     * @param fileName name used in problems and compared with the profile id ({@code pump-station.yaml})
     */
    public static DeviceProfile parse(String fileName, Reader reader) throws ProfileException {
        return new ProfileParser(fileName).parse(reader);
    }
}
