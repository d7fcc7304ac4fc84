package dev.weir.io.files.internal;

import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.CoderException;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * Format {@code file-positions-v1}, in which both file sources checkpointed their positions
 * before they had named records: {@code KV<string, array<long>>}, a key and three longs
 * ({@code [nextByteOffset, linesRead, done]} for text splits, {@code [blockStart,
 * recordsReadInBlock, done]} for Avro files; {@code done} is 0 or 1). Read only: new
 * checkpoints use the records. The golden files of this format are in
 * {@code io-files/src/test/resources/checkpoint-format/file-positions-v1/}.
 */
final class PositionTupleV1 {
  /** The v1 entry coder, as the readers had it. */
  static final Coder<KV<String, List<Long>>> TUPLE = Types.kv(Types.STRING, Types.list(Types.LONG));
  private static final long FINGERPRINT = SchemaNormalization.parsingFingerprint64(TUPLE.schema());

  private PositionTupleV1() {
  }

  /** Whether {@code writerSchema} is the v1 tuple (docs and properties aside). */
  static boolean isWriterSchema(Schema writerSchema) {
    return SchemaNormalization.parsingFingerprint64(writerSchema) == FINGERPRINT;
  }

  /** The schema of v1 blobs. */
  static Schema schema() {
    return TUPLE.schema();
  }

  /**
   * Decodes one v1 entry and checks it: three longs, the first two at least 0, the third 0 or 1.
   *
   * @param reader names the coder in the error message
   * @param layout the meaning of the three longs, for the error message
   */
  static KV<String, List<Long>> decode(Decoder in, Coder<?> reader, String layout) throws IOException {
    KV<String, List<Long>> tuple = TUPLE.decode(in);
    List<Long> v = tuple.value();
    if (v.size() != 3 || v.get(0) < 0 || v.get(1) < 0 || (v.get(2) != 0 && v.get(2) != 1)) {
      throw new CoderException(reader + ": the position of '" + tuple.key() + "' must be " + layout
          + ", found " + v + "; the checkpoint does not hold positions of this source in format "
          + "file-positions-v1: restore the job from another checkpoint");
    }
    return tuple;
  }

  /** Encodes one v1 entry (for tests: v1 is never written any more). */
  static void encode(String key, long a, long b, boolean done, Encoder out) throws IOException {
    TUPLE.encode(KV.of(key, List.of(a, b, done ? 1L : 0L)), out);
  }
}
