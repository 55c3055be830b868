package org.hanedge.fleet.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.hanedge.fleet.security.Role;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The web UI's shell: {@code /} and {@code /ui/} (the single page, {@code static/ui/index.html}), the login page
 * (rendered here so that it carries the CSRF token), and {@code /ui/session} (who is logged in, the CSRF token the
 * page sends with its API writes, the optional online tile layer).
 */
@Controller
public class UiPageController {
    private final String tileUrl;
    private final String tileAttribution;
    private final String loginTemplate;

    public UiPageController(@Value("${hanedge.fleet.ui.tile-url:}") String tileUrl,
            @Value("${hanedge.fleet.ui.tile-attribution:}") String tileAttribution) {
        this.tileUrl = tileUrl;
        this.tileAttribution = tileAttribution;
        this.loginTemplate = read("templates/login.html");
    }

    @GetMapping("/")
    public String root() {
        return "redirect:/ui/";
    }

    @GetMapping({ "/ui", "/ui/" })
    public String shell() {
        return "forward:/ui/index.html";
    }

    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public ResponseEntity<String> login(HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String message = request.getParameter("error") != null ? "Wrong username or password."
                : request.getParameter("logout") != null ? "You are logged out." : "";
        String html = loginTemplate
                .replace("{{csrfParameter}}", csrf == null ? "_csrf" : HtmlUtils.htmlEscape(csrf.getParameterName()))
                .replace("{{csrfToken}}", csrf == null ? "" : HtmlUtils.htmlEscape(csrf.getToken()))
                .replace("{{messageClass}}", request.getParameter("error") != null ? "error" : "info")
                .replace("{{message}}", HtmlUtils.htmlEscape(message));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(html);
    }

    /** What the page needs to know about its session. */
    public record Session(String username, Role role, String csrfHeader, String csrfToken, String tileUrl,
            String tileAttribution) {
    }

    @GetMapping("/ui/session")
    @ResponseBody
    public ResponseEntity<Session> session(Authentication auth, HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        Role role = Role.highest(auth.getAuthorities()).orElse(Role.VIEWER);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new Session(auth.getName(), role, csrf == null ? null : csrf.getHeaderName(),
                        csrf == null ? null : csrf.getToken(), tileUrl.isBlank() ? null : tileUrl,
                        tileAttribution.isBlank() ? null : tileAttribution));
    }

    private static String read(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("web UI: " + path + " is missing from the classpath", e);
        }
    }
}
