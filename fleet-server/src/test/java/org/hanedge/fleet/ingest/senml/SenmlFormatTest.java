package org.hanedge.fleet.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SenmlFormatTest {
    static final byte[] JSON_PACK = "[{\"n\":\"x\"}]".getBytes(StandardCharsets.UTF_8);
    static final byte[] CBOR_PACK = {(byte) 0x81, (byte) 0xa0};

    @Test
    void contentTypeWins() throws Exception {
        assertThat(SenmlFormat.detect("application/senml+json", CBOR_PACK)).isEqualTo(SenmlFormat.JSON);
        assertThat(SenmlFormat.detect("application/senml+cbor", JSON_PACK)).isEqualTo(SenmlFormat.CBOR);
        assertThat(SenmlFormat.detect(" Application/SenML+JSON; charset=utf-8", CBOR_PACK)).isEqualTo(SenmlFormat.JSON);
    }

    @Test
    void withoutASenmlContentTypeThePayloadIsSniffed() throws Exception {
        assertThat(SenmlFormat.detect(null, JSON_PACK)).isEqualTo(SenmlFormat.JSON);
        assertThat(SenmlFormat.detect(null, " \r\n\t[]".getBytes(StandardCharsets.UTF_8))).isEqualTo(SenmlFormat.JSON);
        assertThat(SenmlFormat.detect("application/json", new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '['}))
                .isEqualTo(SenmlFormat.JSON);
        assertThat(SenmlFormat.detect(null, CBOR_PACK)).isEqualTo(SenmlFormat.CBOR);
        assertThat(SenmlFormat.detect("", new byte[] {(byte) 0x9f, (byte) 0xff})).isEqualTo(SenmlFormat.CBOR);
        assertThat(SenmlFormat.detect("application/cbor", new byte[] {(byte) 0x98, 30})).isEqualTo(SenmlFormat.CBOR);
    }

    @Test
    void neitherIsNotSenml() {
        assertThatThrownBy(() -> SenmlFormat.detect("text/plain", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(SenmlFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_SENML))
                .hasMessage("content type \"text/plain\" and the payload starts neither with '[' (SenML JSON) nor "
                        + "with a CBOR array (SenML CBOR)");
        assertThatThrownBy(() -> SenmlFormat.detect(null, new byte[0]))
                .hasMessageStartingWith("no content type and the payload starts neither");
        assertThatThrownBy(() -> SenmlFormat.detect(null, new byte[] {(byte) 0xa1})) // a CBOR map
                .isInstanceOf(SenmlFormatException.class);
    }

    @Test
    void contentTypesAreTheGatewaysOnes() {
        assertThat(SenmlFormat.JSON.contentType()).isEqualTo("application/senml+json");
        assertThat(SenmlFormat.CBOR.contentType()).isEqualTo("application/senml+cbor");
    }
}
