package org.hanedge.fleet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.security.OperatorRepository.OperatorRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapTest {
    @TempDir
    Path dir;

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void firstStartOutsideDemoModeCreatesAdminWithRandomPasswordInAPrivateFile(CapturedOutput output)
            throws Exception {
        OperatorRepository operators = new OperatorRepository(TempH2.migrated(dir));
        new AdminBootstrap(operators, encoder, props(false)).bootstrap();

        Path file = dir.resolve("secrets/initial-admin-password");
        String password = Files.readString(file).trim();
        assertThat(password).hasSize(20).matches("[A-Za-z0-9]{20}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        OperatorRow admin = operators.find("admin").orElseThrow();
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(admin.passwordHash()).startsWith("{bcrypt}").doesNotContain(password);
        assertThat(encoder.matches(password, admin.passwordHash())).isTrue();
        assertThat(operators.count()).isEqualTo(1);
        assertThat(output).contains(file.toString()).doesNotContain(password);

        new AdminBootstrap(operators, encoder, props(false)).bootstrap(); // second start: nothing changes
        assertThat(Files.readString(file).trim()).isEqualTo(password);
        assertThat(operators.count()).isEqualTo(1);
    }

    @Test
    void demoModeCreatesThreeDemoAccountsAndWarnsOnce(CapturedOutput output) {
        OperatorRepository operators = new OperatorRepository(TempH2.migrated(dir));
        new AdminBootstrap(operators, encoder, props(true)).bootstrap();

        for (Role role : Role.values()) {
            String name = role.name().toLowerCase();
            OperatorRow row = operators.find(name).orElseThrow();
            assertThat(row.role()).isEqualTo(role);
            assertThat(encoder.matches(name, row.passwordHash())).isTrue();
        }
        assertThat(operators.count()).isEqualTo(3);
        assertThat(dir.resolve("secrets/initial-admin-password")).doesNotExist();
        assertThat(output.getOut().lines().filter(l -> l.contains("WARN") && l.contains("DEMO MODE"))).hasSize(1);
    }

    @Test
    void demoModeLeavesAnExistingDatabaseAlone() {
        OperatorRepository operators = new OperatorRepository(TempH2.migrated(dir));
        operators.insert(new OperatorRow("lan", "Trần Thị Lan", Role.ADMIN, encoder.encode("a-long-password"), true,
                1L));
        new AdminBootstrap(operators, encoder, props(true)).bootstrap();
        assertThat(operators.count()).isEqualTo(1);
        assertThat(operators.find("admin")).isEmpty();
        assertThat(operators.find("lan").orElseThrow().displayName()).isEqualTo("Trần Thị Lan");
    }

    @Test
    void outsideDemoModeWarnsAboutAccountsThatStillHaveTheirDemoPassword(CapturedOutput output) {
        OperatorRepository operators = new OperatorRepository(TempH2.migrated(dir));
        new AdminBootstrap(operators, encoder, props(true)).bootstrap();
        new AdminBootstrap(operators, encoder, props(false)).bootstrap();
        assertThat(output).contains("Operator 'admin' still has its demo password",
                "Operator 'viewer' still has its demo password");
        assertThat(operators.count()).isEqualTo(3);
    }

    private FleetProperties props(boolean demo) {
        return new Binder(new MapConfigurationPropertySource(Map.of(
                "hanedge.fleet.data-dir", dir.toString(),
                "hanedge.fleet.demo", Boolean.toString(demo))))
                .bindOrCreate("hanedge.fleet", FleetProperties.class);
    }
}
