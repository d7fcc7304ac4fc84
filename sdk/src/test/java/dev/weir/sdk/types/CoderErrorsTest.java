package dev.weir.sdk.types;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input and bad values fail with a {@link CoderException} that names the coder. */
class CoderErrorsTest {

  @Test
  void truncatedInputNamesTheCoder() {
    Coder<KV<String, Long>> coder = Types.kv(Types.STRING, Types.LONG);
    byte[] bytes = coder.encode(KV.of("truncate me", 1L << 40));
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 2);
    assertThatThrownBy(() -> coder.decode(truncated))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<KV<STRING,LONG>>")
        .hasMessageContaining("truncated");
  }

  @Test
  void everyTruncationOfANestedValueFails() {
    Coder<List<KV<String, Map<Long, String>>>> coder =
        Types.list(Types.kv(Types.STRING, Types.map(Types.LONG, Types.STRING)));
    byte[] bytes = coder.encode(List.of(KV.of("a", Map.of(1L, "one")), KV.of("b", Map.of())));
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> coder.decode(truncated))
          .as("truncated to %d bytes", length)
          .isInstanceOf(CoderException.class)
          .hasMessageContaining(coder.toString());
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] bytes = Types.LONG.encode(5L);
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> Types.LONG.decode(longer))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<LONG>")
        .hasMessageContaining("trailing bytes");
  }

  @Test
  void garbageIsRejected() {
    // A string whose length prefix claims far more bytes than there are.
    byte[] garbage = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0x0f, 'a'};
    assertThatThrownBy(() -> Types.STRING.decode(garbage))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<STRING>");
    // A negative length.
    assertThatThrownBy(() -> Types.BYTES.decode(new byte[] {0x03, 1, 2}))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<BYTES>");
    // A union branch that does not exist.
    assertThatThrownBy(() -> Types.nullable(Types.INT).decode(new byte[] {0x04, 0x02}))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<NULLABLE<INT>>")
        .hasMessageContaining("union branch 2");
    // A varint that never ends.
    byte[] endless = new byte[12];
    Arrays.fill(endless, (byte) 0xff);
    assertThatThrownBy(() -> Types.LONG.decode(endless))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<LONG>");
    // An array count far larger than the input.
    byte[] hugeCount = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, 0x0f, 0x02};
    assertThatThrownBy(() -> Types.list(Types.LONG).decode(hugeCount))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<LIST<LONG>>");
  }

  @Test
  void errorsInComponentsNameTheOuterAndTheComponentCoder() {
    Coder<KV<String, Integer>> coder = Types.kv(Types.STRING, Types.nullable(Types.INT));
    byte[] badBranch = {0x02, 'k', 0x04, 0x02};
    assertThatThrownBy(() -> coder.decode(badBranch))
        .isInstanceOf(CoderException.class)
        .hasMessageStartingWith("Coder<KV<STRING,NULLABLE<INT>>> cannot decode 4 bytes: ")
        .hasMessageContaining("Coder<NULLABLE<INT>> read union branch 2");
  }

  @Test
  void recordDecodeErrorsNameTheCoder() {
    Coder<OrderRecord> coder = Types.avro(OrderRecord.class);
    byte[] bytes = coder.encode(new OrderRecord(1, "item", "note"));
    assertThatThrownBy(() -> coder.decode(Arrays.copyOf(bytes, 3)))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<AVRO<dev.weir.sdk.types.OrderRecord>>");
  }

  @Test
  void nullValuesAreRejectedWithAHint() {
    assertThatThrownBy(() -> Types.LONG.encode(null))
        .isInstanceOf(CoderException.class)
        .hasMessage(
            "Coder<LONG> cannot encode null;"
                + " wrap the coder with Types.nullable(...) to allow nulls");
    assertThatThrownBy(() -> Types.STRING.hashOfEncoding(null))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<STRING> cannot encode null");
    Coder<KV<String, Long>> kv = Types.kv(Types.STRING, Types.LONG);
    assertThatThrownBy(() -> kv.encode(KV.of("k", null)))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<LONG> cannot encode null");
    assertThatThrownBy(() -> Types.list(Types.INT).encode(Arrays.asList(1, null)))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<INT> cannot encode null");
  }

  @Test
  void invalidRecordValuesNameTheCoder() {
    Coder<OrderRecord> coder = Types.avro(OrderRecord.class);
    assertThatThrownBy(() -> coder.encode(new OrderRecord(1, null, null)))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("Coder<AVRO<dev.weir.sdk.types.OrderRecord>> cannot encode");
  }
}
