package dev.weir.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.CoderException;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KafkaCodersTest {

  @Test
  void utf8IsTheWholeByteArrayWithoutALengthPrefix() {
    byte[] raw = "héllo wörld".getBytes(StandardCharsets.UTF_8);
    assertThat(KafkaCoders.UTF8.decode(raw)).isEqualTo("héllo wörld");
    assertThat(KafkaCoders.UTF8.encode("héllo wörld")).isEqualTo(raw);
    assertThat(Types.STRING.encode("héllo wörld")).as("Avro: length-prefixed")
        .isNotEqualTo(raw).hasSize(raw.length + 1);
    assertThat(KafkaCoders.UTF8.decode(new byte[0])).isEmpty();
  }

  @Test
  void invalidUtf8FailsNamingTheCoder() {
    assertThatThrownBy(() -> KafkaCoders.UTF8.decode(new byte[] {'a', (byte) 0xff, (byte) 0xfe}))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<KAFKA_UTF8>")
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void bytesAreTakenAsTheyAre() {
    byte[] raw = {0, 1, 2, (byte) 0xff};
    assertThat(KafkaCoders.BYTES.decode(raw)).isEqualTo(raw);
    assertThat(KafkaCoders.BYTES.encode(raw)).isEqualTo(raw);
  }

  @Test
  void nestedInOtherCodersTheyRoundTripAsAvroStringsAndBytes() {
    Coder<KV<String, byte[]>> kv = Types.kv(KafkaCoders.UTF8, KafkaCoders.BYTES);
    KV<String, byte[]> back = kv.decode(kv.encode(KV.of("k", new byte[] {4, 5})));
    assertThat(back.key()).isEqualTo("k");
    assertThat(back.value()).containsExactly(4, 5);
    assertThat(KafkaCoders.UTF8.hashOfEncoding("x"))
        .isEqualTo(KafkaCoders.UTF8.hashOfEncoding(new String("x")));
    assertThatThrownBy(() -> KafkaCoders.UTF8.encode(null)).isInstanceOf(CoderException.class);
  }
}
