package org.hanedge.fleet.disk;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API while the database's disk is full: writes ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) answer
 * 503 with an RFC 9457 problem body saying so and a {@code Retry-After}; reads go on. A write that fails on a full
 * disk before the state is known answers the same (instead of a 500).
 */
@Component
class DiskFullWebGuard implements WebMvcConfigurer, HandlerInterceptor, HandlerExceptionResolver, Ordered {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** Absent in web slice tests, which load MVC configuration but no other components. */
    private final ObjectProvider<DatabaseDisk> disk;

    DiskFullWebGuard(ObjectProvider<DatabaseDisk> disk) {
        this.disk = disk;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        DatabaseDisk d = disk.getIfAvailable();
        if (READS.contains(request.getMethod()) || d == null || !d.full()) {
            return true;
        }
        answer(request, response, d);
        return false;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        DatabaseDisk d = disk.getIfAvailable();
        if (d == null || !d.writeFailed(ex)) {
            return null;
        }
        try {
            answer(request, response, d);
        } catch (IOException e) {
            return null;
        }
        return new ModelAndView();
    }

    private static void answer(HttpServletRequest request, HttpServletResponse response, DatabaseDisk disk)
            throws IOException {
        response.setStatus(503);
        response.setHeader(HttpHeaders.RETRY_AFTER, "60");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Database disk full\",\"status\":503,"
                + "\"detail\":\"" + json(disk.problem()) + "\",\"instance\":\"" + json(request.getRequestURI())
                + "\"}");
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
