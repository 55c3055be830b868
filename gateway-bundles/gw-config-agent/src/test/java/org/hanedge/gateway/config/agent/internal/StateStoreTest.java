package org.hanedge.gateway.config.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.hanedge.contract.config.ConfigError;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.gateway.config.agent.internal.AgentState.Applied;
import org.hanedge.gateway.config.agent.internal.AgentState.Pending;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    @Test
    void nothingOnDiskIsTheSiteFile() throws Exception {
        assertEquals(AgentState.INITIAL, new StateStore(dir.resolve("s.json")).load());
    }

    @Test
    void aStateReadsBackAsWritten() throws Exception {
        StateStore store = new StateStore(dir.resolve("data/s.json"));
        AgentState s = new AgentState(new Applied(7, Fakes.siteDoc(1, 0.05), Fakes.siteDoc(1, 0.1)),
                new Pending(8, Fakes.siteDoc(9, 0.05)), 8, new ReportedConfig("gw-1", 8, ConfigStatus.APPLYING,
                        List.of(new ConfigError("x", "y")), 7, Instant.parse("2026-11-27T04:00:00Z")));
        store.save(s);
        assertEquals(s, store.load());
        AgentState done = s.handled(8, s.lastGood(), null);
        store.save(done);
        assertEquals(done, store.load());
        assertFalse(Files.exists(dir.resolve("data/s.json.tmp")), "the temporary file was renamed");
    }

    @Test
    void aWriteThatNeverReachedItsRenameLeavesTheOldState() throws Exception {
        StateStore store = new StateStore(dir.resolve("s.json"));
        AgentState old = new AgentState(new Applied(3, Fakes.siteDoc(1, 0.05), null), null, 3, null);
        store.save(old);
        // a crash while writing the next state: a half-written temporary file, the rename never happened
        Files.writeString(dir.resolve("s.json.tmp"), "{\"format\":1,\"lastGood\":{\"vers");
        assertEquals(old, store.load());
        AgentState next = new AgentState(new Applied(4, Fakes.siteDoc(2, 0.05), null), null, 4, null);
        store.save(next);
        assertEquals(next, store.load());
    }

    @Test
    void foreignContentIsDamage() throws Exception {
        StateStore store = new StateStore(dir.resolve("s.json"));
        for (String bad : new String[] {"", "[]", "{\"format\":2}", "{\"format\":1,\"lastGood\":{\"version\":-1},"
                + "\"handled\":0}", "{\"format\":1,\"lastGood\":{\"version\":1},\"handled\":\"x\"}"}) {
            Files.writeString(store.file(), bad);
            assertThrows(StateStore.DamagedStateException.class, store::load, bad);
        }
    }
}
