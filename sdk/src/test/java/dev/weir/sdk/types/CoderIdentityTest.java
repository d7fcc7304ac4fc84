package dev.weir.sdk.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** toString, equality, determinism flags and construction-time validation. */
class CoderIdentityTest {

  @Test
  void toStringIsReadable() {
    assertThat(Types.STRING).hasToString("Coder<STRING>");
    assertThat(Types.kv(Types.STRING, Types.LONG)).hasToString("Coder<KV<STRING,LONG>>");
    assertThat(Types.list(Types.kv(Types.INT, Types.nullable(Types.BYTES))))
        .hasToString("Coder<LIST<KV<INT,NULLABLE<BYTES>>>>");
    assertThat(Types.map(Types.STRING, Types.DOUBLE)).hasToString("Coder<MAP<STRING,DOUBLE>>");
    assertThat(Types.map(Types.LONG, Types.BOOLEAN)).hasToString("Coder<MAP<LONG,BOOLEAN>>");
    assertThat(Types.avro(OrderRecord.class))
        .hasToString("Coder<AVRO<dev.weir.sdk.types.OrderRecord>>");
    assertThat(Types.generic(OrderRecord.SCHEMA$))
        .hasToString("Coder<GENERIC<dev.weir.sdk.types.OrderRecord>>");
  }

  @Test
  void structurallyEqualCodersAreEqual() {
    assertThat(Types.kv(Types.STRING, Types.LONG))
        .isEqualTo(Types.kv(Types.STRING, Types.LONG))
        .hasSameHashCodeAs(Types.kv(Types.STRING, Types.LONG))
        .isNotEqualTo(Types.kv(Types.LONG, Types.STRING))
        .isNotEqualTo(Types.kv(Types.STRING, Types.INT));
    assertThat(Types.list(Types.nullable(Types.STRING)))
        .isEqualTo(Types.list(Types.nullable(Types.STRING)));
    assertThat(Types.map(Types.INT, Types.STRING)).isEqualTo(Types.map(Types.INT, Types.STRING));
    assertThat(Types.generic(OrderRecord.SCHEMA$)).isEqualTo(Types.generic(OrderRecord.SCHEMA$));
    assertThat(Types.avro(OrderRecord.class)).isEqualTo(Types.avro(OrderRecord.class));
  }

  @Test
  void codersWithTheSameSchemaButDifferentJavaTypesDiffer() {
    // map(INT, STRING) is written exactly like list(kv(INT, STRING)) but decodes to a Map.
    assertThat(Types.map(Types.INT, Types.STRING).schema())
        .isEqualTo(Types.list(Types.kv(Types.INT, Types.STRING)).schema());
    assertThat((Object) Types.map(Types.INT, Types.STRING))
        .isNotEqualTo(Types.list(Types.kv(Types.INT, Types.STRING)));
    assertThat((Object) Types.generic(OrderRecord.SCHEMA$))
        .isNotEqualTo(Types.avro(OrderRecord.class));
  }

  @Test
  void determinismFlags() {
    assertThat(Types.STRING.isDeterministic()).isTrue();
    assertThat(Types.LONG.isDeterministic()).isTrue();
    assertThat(Types.INT.isDeterministic()).isTrue();
    assertThat(Types.DOUBLE.isDeterministic()).isTrue();
    assertThat(Types.BOOLEAN.isDeterministic()).isTrue();
    assertThat(Types.BYTES.isDeterministic()).isTrue();
    assertThat(Types.kv(Types.STRING, Types.list(Types.nullable(Types.LONG))).isDeterministic())
        .isTrue();
    assertThat(Types.map(Types.STRING, Types.LONG).isDeterministic()).isFalse();
    assertThat(Types.map(Types.LONG, Types.LONG).isDeterministic()).isFalse();
    assertThat(Types.kv(Types.STRING, Types.map(Types.STRING, Types.LONG)).isDeterministic())
        .isFalse();
    assertThat(Types.list(Types.map(Types.INT, Types.INT)).isDeterministic()).isFalse();
    assertThat(Types.nullable(Types.map(Types.INT, Types.INT)).isDeterministic()).isFalse();
    assertThat(Types.avro(OrderRecord.class).isDeterministic()).isTrue();
  }

  @Test
  void kvRejectsNullableKeyCoder() {
    assertThatThrownBy(() -> Types.kv(Types.nullable(Types.STRING), Types.LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Types.kv")
        .hasMessageContaining("Coder<NULLABLE<STRING>>")
        .hasMessageContaining("never null");
  }

  @Test
  void recordFactoriesRejectNonRecords() {
    assertThatThrownBy(() -> Types.generic(Schema.create(Schema.Type.STRING)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Types.generic")
        .hasMessageContaining("STRING");
  }

  @Test
  void nullableRejectsUnionWithoutNull() {
    Coder<Object> unionCoder = new UnionCoder();
    assertThatThrownBy(() -> Types.nullable(unionCoder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Types.nullable")
        .hasMessageContaining("union inside a union");
  }

  @Test
  void nullArgumentsNameTheParameter() {
    assertThatThrownBy(() -> Types.kv(null, Types.LONG)).hasMessage("keyCoder");
    assertThatThrownBy(() -> Types.list(null)).hasMessage("elementCoder");
    assertThatThrownBy(() -> Types.generic(null)).hasMessage("schema");
    assertThatThrownBy(() -> KV.of(null, 1)).hasMessage("key");
  }

  /** A foreign coder whose schema is a union without null; only its schema is used. */
  private static final class UnionCoder implements Coder<Object> {
    @Override
    public Schema schema() {
      return Schema.createUnion(Schema.create(Schema.Type.INT), Schema.create(Schema.Type.STRING));
    }

    @Override
    public void encode(Object value, org.apache.avro.io.Encoder encoder) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object decode(org.apache.avro.io.Decoder decoder) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isDeterministic() {
      return true;
    }

    @Override
    public byte[] encode(Object value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object decode(byte[] bytes) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int hashOfEncoding(Object value) {
      throw new UnsupportedOperationException();
    }
  }
}
