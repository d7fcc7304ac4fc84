package dev.weir.sdk.types;

/**
 * Thrown when a {@link Coder} cannot encode or decode a value: the value does not fit the coder
 * (a null given to a coder that is not nullable) or the bytes are not a valid encoding
 * (truncated, trailing or malformed input).
 *
 * <p>The message starts with the coder, as in {@code Coder<KV<STRING,LONG>>}, then says what
 * went wrong. A coder never returns a value from input it can detect as invalid.
 *
 * @since 0.1
 */
public class CoderException extends dev.weir.sdk.WeirException {

  /**
   * Creates an exception with a message that names the coder and the problem.
   *
   * @param message what failed, starting with the coder
   */
  public CoderException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message that names the coder and the problem, and the
   * underlying failure.
   *
   * @param message what failed, starting with the coder
   * @param cause the underlying failure, often an {@link java.io.IOException} from Avro
   */
  public CoderException(String message, Throwable cause) {
    super(message, cause);
  }
}
