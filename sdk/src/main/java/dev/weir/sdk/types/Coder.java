package dev.weir.sdk.types;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * Encodes and decodes values of one type with Avro, together with the Avro schema that
 * describes the encoding.
 *
 * <p>Every value that is stored in keyed or operator state, used as a key, or moved
 * between processes is encoded with a {@code Coder}. Coders for the common types come from
 * {@link Types}:
 *
 * <pre>{@code
 * Coder<KV<String, Long>> coder = Types.kv(Types.STRING, Types.LONG);
 * byte[] bytes = coder.encode(KV.of("weir", 3L));
 * KV<String, Long> back = coder.decode(bytes);
 * }</pre>
 *
 * <h2>Determinism</h2>
 * A coder used for keys must be {@linkplain #isDeterministic() deterministic}: equal values
 * must always encode to equal bytes, because the key group of a key is computed from its
 * encoding and must be the same in every process and every run.
 *
 * <h2>Threading</h2>
 * Implementations are immutable and thread-safe; {@link #encode(Object)} and
 * {@link #decode(byte[])} may allocate per call, the streaming variants do not.
 *
 * <h2>Errors</h2>
 * Values a coder cannot encode (such as null, unless the coder is {@linkplain
 * Types#nullable(Coder) nullable}) and bytes it cannot decode fail with a {@link
 * CoderException} whose message names the coder, as in {@code Coder<KV<STRING,LONG>>}.
 *
 * @param <T> the type of values this coder handles
 */
public interface Coder<T> {

  /** The Avro schema of the encoding; a reader of checkpoint data uses it as writer schema. */
  Schema schema();

  /**
   * Writes {@code value} to {@code encoder}.
   *
   * @throws CoderException if the coder cannot encode {@code value}
   * @throws IOException if the encoder fails to write
   */
  void encode(T value, Encoder encoder) throws IOException;

  /**
   * Reads one value from {@code decoder}.
   *
   * @throws CoderException if the coder detects that the input is not its encoding (Avro's
   *     decoder may also throw its own unchecked exceptions here; {@link #decode(byte[])}
   *     converts those to {@code CoderException})
   * @throws IOException if the decoder fails to read, including at the end of its input
   */
  T decode(Decoder decoder) throws IOException;

  /**
   * Whether equal values always encode to equal bytes. Required of key coders.
   */
  boolean isDeterministic();

  /**
   * Encodes one value to a new byte array.
   *
   * @throws CoderException if the coder cannot encode {@code value}
   */
  byte[] encode(T value);

  /**
   * Decodes one value from a byte array produced by {@link #encode(Object)}.
   *
   * @throws CoderException if the bytes are truncated, have bytes left over after the value, or
   *     are otherwise detectably not an encoding of this coder
   */
  T decode(byte[] bytes);

  /**
   * A stable 32-bit hash of the value's encoding, the same in every JVM and every run.
   * Used to assign keys to key groups; must be consistent with {@link #encode(Object)}:
   * equal encodings give equal hashes. The hash is murmur3_32 (Guava's {@code
   * murmur3_32_fixed}) of exactly the bytes {@link #encode(Object)} returns.
   *
   * @throws CoderException if the coder cannot encode {@code value}
   */
  int hashOfEncoding(T value);
}
