package org.hanedge.fleet.security;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may call what. The API is stateless: every request carries HTTP Basic (operator accounts, bcrypt) or
 * {@code Authorization: Bearer <token>} (API tokens for machines). See {@code docs/fleet-api.md}.
 *
 * <p>The web UI has its own chain ({@link #uiSecurity}, matched first): form login against the same operator
 * accounts, an HTTP session, CSRF protection. The API chain never creates a session, but accepts the UI's session
 * (the page calls {@code /api/v1/**} with its cookie); a state-changing API request that comes with a session
 * cookie and no {@code Authorization} header must carry the session's CSRF token (header {@code X-CSRF-TOKEN}).
 * Basic and Bearer requests stay stateless and need no CSRF token: a browser does not attach those headers to a
 * forged cross-site request on its own.
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

    /** Paths of the web UI's chain: the pages, the login form, logout, the browser libraries. */
    static final String[] UI_PATHS = { "/", "/ui", "/ui/**", "/login", "/logout", "/webjars/**", "/favicon.ico" };

    /** A UI request to the API: answered 401 without a Basic challenge, so the browser shows no password dialog. */
    static final String UI_HEADER = "X-HanEdge-UI";

    /** The web UI: form login, HTTP session, CSRF on. See docs/fleet-ui.md. */
    @Bean
    @Order(1)
    SecurityFilterChain uiSecurity(HttpSecurity http) throws Exception {
        http
                .securityMatcher(UI_PATHS)
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers("/login", "/webjars/**", "/ui/assets/**", "/favicon.ico").permitAll()
                        .anyRequest().hasRole(Role.VIEWER.name()))
                .formLogin(f -> f.loginPage("/login").loginProcessingUrl("/login")
                        .defaultSuccessUrl("/ui/", false).failureUrl("/login?error"))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .httpBasic(b -> b.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(HttpSecurity http, ObjectProvider<TokenAuthenticator> tokens) throws Exception {
        SecurityProblemHandler problems = new SecurityProblemHandler();
        TokenAuthenticator tokenAuthenticator = tokens.getIfAvailable(() -> token -> {
            throw new BadCredentialsException("no API tokens in this application");
        });
        String viewer = Role.VIEWER.name();
        String operator = Role.OPERATOR.name();
        String admin = Role.ADMIN.name();
        http
                // CSRF only for what a browser could be tricked into sending: a write riding on the UI's session cookie
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(SecurityConfig::writeWithSessionCookie))
                // never creates a session, but uses the UI's (Basic and Bearer never store theirs in one)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .httpBasic(b -> b.realmName(SecurityProblemHandler.REALM).authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint(problems)).accessDeniedHandler(problems))
                .addFilterBefore(new BearerTokenFilter(tokenAuthenticator, problems), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // error pages rendered for an already-authorized request
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        // the completion of an already-authorized asynchronous request (server-sent events)
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/api/v1/admin/**").hasRole(admin)
                        .requestMatchers("/api/v1/me", "/api/v1/me/**").authenticated()
                        // a dead letter's payload is whatever a gateway sent: operators only, like replays
                        .requestMatchers(HttpMethod.GET, "/api/v1/dead-letters/*/payload").hasRole(operator)
                        .requestMatchers(HttpMethod.POST, "/api/v1/dead-letters/**").hasRole(operator)
                        // the audit log names who did what: operators and admins
                        .requestMatchers(HttpMethod.GET, "/api/v1/audit", "/api/v1/audit/**").hasRole(operator)
                        .requestMatchers(HttpMethod.GET, "/api/v1/**").hasRole(viewer)
                        // commands to a gateway's outputs (the command log is a GET: viewers)
                        .requestMatchers(HttpMethod.POST, "/api/v1/gateways/*/commands").hasRole(operator)
                        // a gateway's desired configuration (docs/remote-config.md)
                        .requestMatchers(HttpMethod.PUT, "/api/v1/gateways/*/config").hasRole(operator)
                        .requestMatchers(HttpMethod.PUT, "/api/v1/config/layers/*").hasRole(operator)
                        .requestMatchers(HttpMethod.POST, "/api/v1/gateways/*/config/check").hasRole(operator)
                        .requestMatchers(HttpMethod.POST, "/api/v1/config/pushes").hasRole(operator)
                        .requestMatchers(HttpMethod.POST, "/api/v1/config/pushes/preview").hasRole(operator)
                        // a new device profile version in the library (docs/profiles.md, "Library")
                        .requestMatchers(HttpMethod.POST, "/api/v1/profiles").hasRole(operator)
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

    private static boolean writeWithSessionCookie(jakarta.servlet.http.HttpServletRequest request) {
        String m = request.getMethod();
        boolean safe = "GET".equals(m) || "HEAD".equals(m) || "OPTIONS".equals(m) || "TRACE".equals(m);
        return !safe && request.getHeader("Authorization") == null && request.getRequestedSessionId() != null;
    }

    private static AuthenticationEntryPoint entryPoint(SecurityProblemHandler problems) {
        java.util.LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> map = new java.util.LinkedHashMap<>();
        map.put(new RequestHeaderRequestMatcher(UI_HEADER), new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED));
        DelegatingAuthenticationEntryPoint d = new DelegatingAuthenticationEntryPoint(map);
        d.setDefaultEntryPoint(problems);
        return d;
    }
}
