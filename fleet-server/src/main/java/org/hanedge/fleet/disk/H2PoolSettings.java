package org.hanedge.fleet.disk;

import java.sql.SQLException;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * A pooled H2 connection whose database H2 closed (after its file could not be written, e.g. on a full disk) is
 * evicted from the pool, so the next connection reopens the database once space is back; H2 still answers such a
 * connection as valid, so the pool would otherwise hand out dead connections until a restart. PostgreSQL pools are
 * left alone.
 */
@Component
class H2PoolSettings implements BeanPostProcessor {

    @java.lang.Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource ds && ds.getJdbcUrl() != null && ds.getJdbcUrl().startsWith("jdbc:h2:")) {
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
