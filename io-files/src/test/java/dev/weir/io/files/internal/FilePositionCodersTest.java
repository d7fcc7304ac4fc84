package dev.weir.io.files.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.types.CoderException;
import dev.weir.sdk.types.KV;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The named position records of the file sources, and the reading of their v1 tuples. */
class FilePositionCodersTest {

  @Test
  void positionsRoundTripThroughTheNamedRecords() {
    FileSplitPosition text = new FileSplitPosition("dir/a.txt@67108864", 67_200_000, 1234, false);
    assertThat(FileSplitPositionCoder.INSTANCE.decode(FileSplitPositionCoder.INSTANCE.encode(text)))
        .isEqualTo(text);
    AvroFilePosition avro = new AvroFilePosition("events.avro", 4096, 17, true);
    assertThat(AvroFilePositionCoder.INSTANCE.decode(AvroFilePositionCoder.INSTANCE.encode(avro)))
        .isEqualTo(avro);
    assertThat(FileSplitPositionCoder.INSTANCE.schema().getFields()).extracting(f -> f.name())
        .containsExactly("split", "nextByteOffset", "linesRead", "done");
    assertThat(AvroFilePositionCoder.INSTANCE.schema().getFields()).extracting(f -> f.name())
        .containsExactly("file", "blockStart", "recordsReadInBlock", "done");
    assertThat(FileSplitPositionCoder.INSTANCE.schema().getFields()).allSatisfy(f -> assertThat(f.doc()).isNotBlank());
    assertThat(AvroFilePositionCoder.INSTANCE.schema().getFields()).allSatisfy(f -> assertThat(f.doc()).isNotBlank());
  }

  @Test
  void theV1CodersReadTheTuplesTheReadersWrote() {
    byte[] v1 = PositionTupleV1.TUPLE.encode(KV.of("b.txt.gz", List.of(35L, 7L, 0L)));
    assertThat(FileSplitPositionCoder.V1Coder.INSTANCE.decode(v1))
        .isEqualTo(new FileSplitPosition("b.txt.gz", 35, 7, false));
    byte[] done = PositionTupleV1.TUPLE.encode(KV.of("events-1.avro", List.of(166L, 0L, 1L)));
    assertThat(AvroFilePositionCoder.V1Coder.INSTANCE.decode(done))
        .isEqualTo(new AvroFilePosition("events-1.avro", 166, 0, true));
    AvroFilePosition p = new AvroFilePosition("x.avro", 9, 3, false);
    assertThat(AvroFilePositionCoder.V1Coder.INSTANCE.encode(p))
        .isEqualTo(PositionTupleV1.TUPLE.encode(KV.of("x.avro", List.of(9L, 3L, 0L))));
  }

  @Test
  void aTupleOfAnotherShapeFailsTheRestoreNamingTheKeyAndTheLayout() {
    byte[] kafkaLike = PositionTupleV1.TUPLE.encode(KV.of("orders", List.of(0L, 4L, 1_700_000_000_004L, -1L)));
    assertThatThrownBy(() -> FileSplitPositionCoder.V1Coder.INSTANCE.decode(kafkaLike))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("'orders'")
        .hasMessageContaining("[nextByteOffset, linesRead, done]")
        .hasMessageContaining("file-positions-v1");
    byte[] badFlag = PositionTupleV1.TUPLE.encode(KV.of("events.avro", List.of(0L, 0L, 2L)));
    assertThatThrownBy(() -> AvroFilePositionCoder.V1Coder.INSTANCE.decode(badFlag))
        .isInstanceOf(CoderException.class)
        .hasMessageContaining("'events.avro'")
        .hasMessageContaining("[blockStart, recordsReadInBlock, done]");
  }
}
