package org.hanedge.fleet.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>}. A request without a bearer header passes on untouched (HTTP
 * Basic or anonymous); a bad token is answered 401 at once.
 */
final class BearerTokenFilter extends OncePerRequestFilter {
    private static final String PREFIX = "bearer ";

    private final TokenAuthenticator tokens;
    private final AuthenticationEntryPoint entryPoint;

    BearerTokenFilter(TokenAuthenticator tokens, AuthenticationEntryPoint entryPoint) {
        this.tokens = tokens;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            chain.doFilter(request, response);
            return;
        }
        try {
            ApiTokenAuthentication auth = tokens.authenticate(header.substring(PREFIX.length()).trim());
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(auth);
            SecurityContextHolder.setContext(context);
        } catch (AuthenticationException e) {
            SecurityContextHolder.clearContext();
            request.setAttribute(SecurityProblemHandler.BEARER_FAILED, Boolean.TRUE);
            entryPoint.commence(request, response, e);
            return;
        }
        chain.doFilter(request, response);
    }
}
