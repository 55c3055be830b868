package org.hanedge.fleet.telemetry.query;

import java.util.Map;

import javax.sql.DataSource;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.NotFoundException;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * For {@code @WebMvcTest} slices of the read side: a real H2 file database ({@link TestDatabase}) as the
 * {@link DataSource} and {@link JdbcClient}, and a stand-in for the application's problem-detail advice (written
 * elsewhere) turning the API exceptions into 400/404 bodies that name the parameter. Both are test components:
 * only the tests that {@code @Import} them use them.
 */
public final class SliceTestSupport {
    private SliceTestSupport() {
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Database {
        @Bean
        TestDatabase testDatabase() {
            return new TestDatabase();
        }

        @Bean
        DataSource dataSource(TestDatabase db) {
            return db.dataSource;
        }

        @Bean
        JdbcClient jdbcClient(TestDatabase db) {
            return db.jdbc;
        }
    }
}
