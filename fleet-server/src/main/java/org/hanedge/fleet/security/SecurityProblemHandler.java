package org.hanedge.fleet.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Answers 401 and 403 as RFC 9457 problem JSON, like every other API error. 401 carries the usual
 * {@code WWW-Authenticate} challenges (Basic for operators, Bearer for tokens; RFC 6750 {@code invalid_token} when
 * a presented token was refused).
 */
final class SecurityProblemHandler implements AuthenticationEntryPoint, AccessDeniedHandler {
    static final String REALM = "hanedge-fleet";
    static final String BEARER_FAILED = SecurityProblemHandler.class.getName() + ".bearerFailed";

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String detail;
        String why = e.getMessage() == null ? "refused" : e.getMessage();
        if (request.getAttribute(BEARER_FAILED) != null) {
            detail = "bearer token refused: " + why;
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM
                    + "\", error=\"invalid_token\", error_description=\"" + why.replace('"', '\'') + "\"");
        } else {
            detail = e instanceof InsufficientAuthenticationException
                    ? "authentication required: HTTP Basic (operator account) or Authorization: Bearer <API token>"
                    : "authentication failed: " + why;
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
        }
        write(request, response, HttpStatus.UNAUTHORIZED, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN,
                request.getMethod() + " " + request.getRequestURI() + " is not allowed for your role");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }
}
