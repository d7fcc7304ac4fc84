package dev.weir.sdk.types.coders;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.CoderException;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;

/**
 * Base of all Weir coders: the {@code byte[]} conveniences, {@code hashOfEncoding}, error
 * translation, and value equality.
 *
 * <p>Subclasses implement the streaming {@code encode(T, Encoder)} and {@code decode(Decoder)}
 * without per-call reader or writer objects; this class runs them on the calling thread's
 * {@link Scratch}. Two coders are equal when they are of the same class, have equal schemas and
 * equal {@code parts} (component coders or target classes), so structurally identical coders
 * built separately are interchangeable.
 *
 * @param <T> the type of values this coder handles
 */
public abstract class AbstractCoder<T> implements Coder<T> {

  static final HashFunction MURMUR3 = Hashing.murmur3_32_fixed();

  private final String typeName;
  private final Schema schema;
  private final List<?> parts;

  /**
   * @param typeName the readable type, such as {@code KV<STRING,LONG>}
   * @param schema the schema of the encoding
   * @param parts what besides the schema makes two coders of the same class differ
   */
  protected AbstractCoder(String typeName, Schema schema, List<?> parts) {
    this.typeName = Objects.requireNonNull(typeName, "typeName");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.parts = List.copyOf(parts);
  }

  /** The readable type of any coder: {@code STRING} for ours, {@code toString()} otherwise. */
  public static String typeName(Coder<?> coder) {
    return coder instanceof AbstractCoder<?> ours ? ours.typeName : coder.toString();
  }

  @Override
  public final Schema schema() {
    return schema;
  }

  @Override
  public byte[] encode(T value) {
    Scratch scratch = Scratch.acquire();
    try {
      encode(value, scratch.encoder());
      return scratch.flushed().toByteArray();
    } catch (IOException | RuntimeException e) {
      throw encodeFailure(value, e);
    } finally {
      scratch.release();
    }
  }

  @Override
  public T decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Scratch scratch = Scratch.acquire();
    try {
      BinaryDecoder decoder = scratch.decoder(bytes);
      T value = decode(decoder);
      if (!decoder.isEnd()) {
        throw new CoderException(
            this + " found trailing bytes after a complete value in " + bytes.length
                + " bytes of input; the bytes were not written by this coder");
      }
      return value;
    } catch (CoderException e) {
      throw fromInner(e, "cannot decode " + bytes.length + " bytes");
    } catch (EOFException e) {
      throw new CoderException(
          this + " cannot decode " + bytes.length + " bytes: input ends before the value is"
              + " complete (truncated, or written by a different coder)", e);
    } catch (IOException | RuntimeException e) {
      throw new CoderException(
          this + " cannot decode " + bytes.length + " bytes: malformed input (" + e + ")", e);
    } finally {
      scratch.release();
    }
  }

  /** Murmur3_32 (fixed) of the bytes {@link #encode(Object)} returns, without copying them. */
  @Override
  public int hashOfEncoding(T value) {
    Scratch scratch = Scratch.acquire();
    try {
      encode(value, scratch.encoder());
      ScratchBuffer encoded = scratch.flushed();
      return MURMUR3.hashBytes(encoded.array(), 0, encoded.size()).asInt();
    } catch (IOException | RuntimeException e) {
      throw encodeFailure(value, e);
    } finally {
      scratch.release();
    }
  }

  /** The exception for a null given to a coder that does not accept nulls. */
  protected final CoderException nullValue() {
    return new CoderException(
        this + " cannot encode null; wrap the coder with Types.nullable(...) to allow nulls");
  }

  private CoderException encodeFailure(T value, Exception e) {
    String type = value == null ? "null" : value.getClass().getName();
    String what = "cannot encode a value of " + type;
    if (e instanceof CoderException coderException) {
      return fromInner(coderException, what);
    }
    return new CoderException(this + " " + what + ": " + e, e);
  }

  /**
   * Keeps an exception that already names this coder; wraps one raised by a component coder so
   * that the message names the outer coder first, then the component's own message.
   */
  private CoderException fromInner(CoderException e, String what) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith(toString() + " ")) {
      return e;
    }
    return new CoderException(this + " " + what + ": " + message, e);
  }

  @Override
  public final boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    return other != null
        && other.getClass() == getClass()
        && schema.equals(((AbstractCoder<?>) other).schema)
        && parts.equals(((AbstractCoder<?>) other).parts);
  }

  @Override
  public final int hashCode() {
    return schema.hashCode();
  }

  /** For example {@code Coder<KV<STRING,LONG>>}. */
  @Override
  public final String toString() {
    return "Coder<" + typeName + ">";
  }
}
