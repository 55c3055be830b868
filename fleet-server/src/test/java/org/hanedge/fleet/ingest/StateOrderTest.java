package org.hanedge.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.hanedge.fleet.broker.StateStamp;
import org.hanedge.fleet.broker.StateStamp.Kind;
import org.junit.jupiter.api.Test;

/** Which state messages of the server's subscription are ingested in embedded mode. */
class StateOrderTest {
    private final StateOrder order = new StateOrder();

    @Test
    void aCopyOfWhatTheInterceptorIngestedIsNeverIngestedAgain() {
        order.ingested("G1", 10);
        assertThat(order.admit("G1", new StateStamp(Kind.INGESTED, 10))).isFalse();
        assertThat(order.admit("G2", new StateStamp(Kind.INGESTED, 3))).isFalse(); // also after a restart
    }

    @Test
    void aWillOfAnOlderConnectionArrivingAfterTheNextBirthIsIgnored() {
        order.ingested("G1", 10); // birth of connection 10
        order.ingested("G1", 11); // birth of connection 11, read before the Will of connection 10
        assertThat(order.admit("G1", new StateStamp(Kind.WILL, 10))).isFalse();
        assertThat(order.admit("G1", new StateStamp(Kind.WILL, 11))).isTrue();
    }

    @Test
    void aWillOfTheLatestConnectionOrOfAGatewayWithNothingIngestedIsIngested() {
        order.ingested("G1", 10);
        assertThat(order.admit("G1", new StateStamp(Kind.WILL, 10))).isTrue();
        assertThat(order.admit("G2", new StateStamp(Kind.WILL, 4))).isTrue();
        // the Will was ingested: an older one that comes later still is not
        assertThat(order.admit("G2", new StateStamp(Kind.WILL, 3))).isFalse();
    }

    @Test
    void anUnstampedRetainedMessageIsIngestedOnlyWhileNothingNewerOfItsGatewayWas() {
        assertThat(order.admit("G1", StateStamp.NONE)).isTrue();
        order.ingested("G1", 10);
        assertThat(order.admit("G1", StateStamp.NONE)).isFalse();
    }

    @Test
    void stampsAreReadFromTheUserProperties() {
        assertThat(StateStamp.read(n -> n.equals(StateStamp.INGESTED) ? java.util.Optional.of("7")
                : java.util.Optional.empty())).isEqualTo(new StateStamp(Kind.INGESTED, 7));
        assertThat(StateStamp.read(n -> n.equals(StateStamp.WILL) ? java.util.Optional.of("8")
                : java.util.Optional.empty())).isEqualTo(new StateStamp(Kind.WILL, 8));
        assertThat(StateStamp.read(n -> java.util.Optional.of("x"))).isEqualTo(StateStamp.NONE);
    }
}
