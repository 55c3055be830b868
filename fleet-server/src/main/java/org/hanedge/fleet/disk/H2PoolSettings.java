package org.hanedge.fleet.disk;

import java.sql.SQLException;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Two settings of the H2 connection pool that a full disk needs (PostgreSQL pools are left alone):
 * <ul>
 * <li>{@code SET WRITE_DELAY 0} on every connection: a commit is written to the file before it returns (H2's
 * default writes up to a second later, so data the server had acknowledged would be lost when that late write meets a
 * full disk, or with a {@code kill -9}).</li>
 * <li>a connection whose database H2 closed (after its file could not be written) is evicted from the pool, so the
 * next connection reopens the database once space is back; H2 still answers such a connection as valid.</li>
 * </ul>
 */
@Component
class H2PoolSettings implements BeanPostProcessor {

    @java.lang.Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource ds && ds.getJdbcUrl() != null && ds.getJdbcUrl().startsWith("jdbc:h2:")) {
            if (ds.getConnectionInitSql() == null) {
                ds.setConnectionInitSql("SET WRITE_DELAY 0");
            }
            if (ds.getExceptionOverride() == null && ds.getExceptionOverrideClassName() == null) {
                ds.setExceptionOverride(new EvictClosedH2());
            }
        }
        return bean;
    }

    static final class EvictClosedH2 implements SQLExceptionOverride {
        @java.lang.Override
        public SQLExceptionOverride.Override adjudicate(SQLException e) {
            return DiskFull.isH2Closed(e) || DiskFull.isDiskFull(e) ? SQLExceptionOverride.Override.MUST_EVICT
                    : SQLExceptionOverride.Override.CONTINUE_EVICT;
        }
    }
}
