package org.hanedge.fleet.security;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * For {@code @WebMvcTest} slices of any controller: imports the real {@link SecurityConfig} (URL rules, 401/403
 * problem bodies) and three in-memory operators {@code viewer}, {@code operator} and {@code admin}, all with
 * {@link #PASSWORD}. Either authenticate with {@code @WithMockUser(roles = "VIEWER")} or with
 * {@code .with(httpBasic("viewer", SecurityTestSupport.PASSWORD))}. Bearer tokens are refused in slices.
 */
@TestConfiguration
@Import(SecurityConfig.class)
public class SecurityTestSupport {
    public static final String PASSWORD = "slice-test-password";

    @Bean
    UserDetailsService testOperators(PasswordEncoder encoder) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (Role role : Role.values()) {
            String name = role.name().toLowerCase();
            users.createUser(User.withUsername(name).password(encoder.encode(PASSWORD)).roles(role.name()).build());
        }
        return users;
    }
}
