package dev.weir.sdk.types.coders;

import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Per-thread encoder, decoder and buffer behind the {@code byte[]} conveniences of every coder.
 *
 * <p>Avro's binary encoders and decoders are not thread-safe but are cheap to re-point, so each
 * thread keeps one set and re-uses it for every coder. A coder that is re-entered on the same
 * thread (a user coder calling another coder's {@code encode(T)} from inside its own) gets a
 * fresh, unshared set instead, so nested calls never corrupt each other's buffer.
 */
final class Scratch {

  private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

  private final ScratchBuffer buffer = new ScratchBuffer();
  private BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, null);
  private BinaryDecoder decoder;
  private boolean inUse;

  private Scratch() {}

  /** Returns this thread's scratch, or a private one if it is already in use; pair with release. */
  static Scratch acquire() {
    Scratch scratch = LOCAL.get();
    if (scratch.inUse) {
      scratch = new Scratch();
    }
    scratch.inUse = true;
    scratch.buffer.reset();
    return scratch;
  }

  /**
   * Ends a use. A coder that failed part way through a value may have left bytes in the
   * encoder's own buffer: then the encoder is replaced, so the next value on this thread does
   * not start with them (nothing is flushed, so nothing can fail here).
   */
  void release() {
    if (encoder.bytesBuffered() > 0) {
      encoder = EncoderFactory.get().binaryEncoder(buffer, null);
    }
    buffer.reset();
    inUse = false;
  }

  BinaryEncoder encoder() {
    return encoder;
  }

  /** Flushes the encoder; returns the buffer, which then holds the complete encoding. */
  ScratchBuffer flushed() throws IOException {
    encoder.flush();
    return buffer;
  }

  BinaryDecoder decoder(byte[] bytes) {
    decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
    return decoder;
  }
}
