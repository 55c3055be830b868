package org.hanedge.fleet.security;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may call what. The API is stateless: every request carries HTTP Basic (operator accounts, bcrypt) or
 * {@code Authorization: Bearer <token>} (API tokens for machines). See {@code docs/fleet-api.md}.
 *
 * <p>CSRF protection is off because nothing here authenticates by cookie: no session is created and a browser
 * does not attach Basic or Bearer credentials to a forged cross-site request on its own. The web UI (later) gets
 * its own filter chain with form login, sessions and CSRF on, matched before this one (e.g. {@code @Order(1)} on a
 * chain for {@code /ui/**} and {@code /login}).
 *
 * <p>Slice tests ({@code @WebMvcTest}) can import this class alone: without a {@link TokenAuthenticator} bean every
 * bearer token is refused.
 */
@Configuration
@EnableWebSecurity
public class SecurityConfig {

    /** ADMIN > OPERATOR > VIEWER. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name()).implies(Role.OPERATOR.name())
                .role(Role.OPERATOR.name()).implies(Role.VIEWER.name())
                .build();
    }

    /** Delegating encoder: bcrypt for new hashes, {@code {id}} prefixes keep old hashes verifiable. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ObjectProvider<TokenAuthenticator> tokens) throws Exception {
        SecurityProblemHandler problems = new SecurityProblemHandler();
        TokenAuthenticator tokenAuthenticator = tokens.getIfAvailable(() -> token -> {
            throw new BadCredentialsException("no API tokens in this application");
        });
        String viewer = Role.VIEWER.name();
        String operator = Role.OPERATOR.name();
        String admin = Role.ADMIN.name();
        http
                .csrf(csrf -> csrf.disable()) // stateless, no cookies: see class comment
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .httpBasic(b -> b.realmName(SecurityProblemHandler.REALM).authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new BearerTokenFilter(tokenAuthenticator, problems), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // error pages rendered for an already-authorized request
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/v1/admin/**").hasRole(admin)
                        .requestMatchers("/api/v1/me", "/api/v1/me/**").authenticated()
                        .requestMatchers(HttpMethod.GET, "/api/v1/**").hasRole(viewer)
                        .requestMatchers(HttpMethod.POST, "/api/v1/alarms/**").hasRole(operator)
                        .requestMatchers(HttpMethod.PUT, "/api/v1/alarms/**").hasRole(operator)
                        .requestMatchers(HttpMethod.PATCH, "/api/v1/alarms/**").hasRole(operator)
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/alarms/**").hasRole(operator)
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                        .permitAll()
                        .requestMatchers("/actuator/**").hasRole(viewer)
                        .anyRequest().denyAll());
        return http.build();
    }
}
