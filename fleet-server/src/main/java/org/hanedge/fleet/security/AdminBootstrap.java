package org.hanedge.fleet.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.security.OperatorRepository.OperatorRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * First start: when there is no operator at all, creates the first accounts.
 * <ul>
 * <li>demo mode ({@code hanedge.fleet.demo=true}): {@code admin/admin}, {@code operator/operator},
 * {@code viewer/viewer} and one WARN saying so;</li>
 * <li>otherwise: {@code admin} with a random 20-character password written to
 * {@code <data-dir>/secrets/initial-admin-password} (file 0600, directory 0700); only the path is logged.</li>
 * </ul>
 * A database that already has operators is left alone (demo mode never touches existing accounts); outside demo mode
 * a WARN names any demo account that still has its demo password.
 */
@Component
public class AdminBootstrap implements ApplicationRunner {
    static final String PASSWORD_FILE = "secrets/initial-admin-password";
    static final List<Role> DEMO_ROLES = List.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER);

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 20;

    private final OperatorRepository operators;
    private final PasswordEncoder encoder;
    private final FleetProperties props;
    private final SecureRandom random = new SecureRandom();

    public AdminBootstrap(OperatorRepository operators, PasswordEncoder encoder, FleetProperties props) {
        this.operators = operators;
        this.encoder = encoder;
        this.props = props;
    }

    @Override
    public void run(ApplicationArguments args) {
        bootstrap();
    }

    /** Creates the first accounts if there is no operator. */
    public void bootstrap() {
        if (operators.count() > 0) {
            if (!props.demo()) {
                warnAboutDemoPasswords();
            }
            return;
        }
        long now = System.currentTimeMillis();
        if (props.demo()) {
            for (Role role : DEMO_ROLES) {
                String name = role.name().toLowerCase();
                operators.insert(new OperatorRow(name, "Demo " + name, role, encoder.encode(name), true, now));
            }
            log.warn("DEMO MODE: demo accounts admin, operator and viewer are active with their usernames as "
                    + "passwords. Never run demo mode in production.");
            return;
        }
        String password = randomPassword();
        Path file = writePasswordFile(password);
        operators.insert(new OperatorRow("admin", "Administrator", Role.ADMIN, encoder.encode(password), true, now));
        log.warn("Created operator 'admin'; its initial password is in {} (readable by this user only). "
                + "Change it and delete the file.", file);
    }

    private void warnAboutDemoPasswords() {
        for (Role role : DEMO_ROLES) {
            String name = role.name().toLowerCase();
            operators.find(name).filter(o -> o.enabled() && encoder.matches(name, o.passwordHash()))
                    .ifPresent(o -> log.warn("Operator '{}' still has its demo password (demo mode is off): "
                            + "change its password or disable it", name));
        }
    }

    private String randomPassword() {
        StringBuilder sb = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private Path writePasswordFile(String password) {
        Path file = props.dataDir().resolve(PASSWORD_FILE).toAbsolutePath().normalize();
        Path dir = file.getParent();
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> dirMode = PosixFilePermissions.fromString("rwx------");
                Set<PosixFilePermission> fileMode = PosixFilePermissions.fromString("rw-------");
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(dirMode));
                Files.setPosixFilePermissions(dir, dirMode);
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(fileMode));
                Files.setPosixFilePermissions(file, fileMode);
            } else {
                Files.createDirectories(dir);
                log.warn("The file system has no POSIX permissions: protect {} yourself", dir);
            }
            Files.writeString(file, password + System.lineSeparator(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the initial admin password to " + file, e);
        }
    }
}
