package org.hanedge.provisioning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * Where the administrator's password comes from (an exclusive picocli group): a file, an environment variable, or
 * the demo server's admin/admin. Never the command line, where other users see it in the process list.
 */
final class AdminPassword {
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "file whose first line is the administrator's password")
    Path file;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "environment variable holding the administrator's password")
    String env;

    @Option(names = "--demo", description = "demo fleet server: account admin/admin")
    boolean demo;

    String user(String given) {
        return demo ? "admin" : given;
    }

    char[] read(Map<String, String> environment) throws ProvisioningException {
        if (demo) {
            return "admin".toCharArray();
        }
        if (env != null) {
            String v = environment.get(env);
            if (v == null || v.isEmpty()) {
                throw new ProvisioningException("--password-env: environment variable " + env + " is not set or empty");
            }
            return v.toCharArray();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new ProvisioningException("--password-file: " + file + " is empty");
            }
            return lines.get(0).toCharArray();
        } catch (IOException e) {
            throw new ProvisioningException("--password-file: " + file + " cannot be read: " + e.getMessage());
        }
    }
}
