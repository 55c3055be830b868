package org.hanedge.fleet.disk;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code hanedge.fleet.disk}: the free space the server keeps on the H2 database's file system.
 *
 * @param minFree     below this, ingest pauses (not acknowledging) and API writes answer 503; 0 turns the guard off
 * @param resumeFree  at or above this (again), they resume; at least {@code min-free}
 * @param checkEvery  how often the free space is measured besides before every ingest write
 */
@ConfigurationProperties("hanedge.fleet.disk")
public record DiskProperties(@DefaultValue("128MB") DataSize minFree, @DefaultValue("192MB") DataSize resumeFree,
        @DefaultValue("2s") Duration checkEvery) {
}
