package dev.weir.runtime.state;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** A reusable encoding buffer whose content is handed on without copying. */
final class EntryBuffer extends ByteArrayOutputStream {
  EntryBuffer(int size) {
    super(size);
  }

  /** The bytes written since the last {@link #reset()}, as a view (valid until the next write). */
  ByteBuffer view() {
    return ByteBuffer.wrap(buf, 0, count);
  }
}
