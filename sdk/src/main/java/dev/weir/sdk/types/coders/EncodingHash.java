package dev.weir.sdk.types.coders;

/**
 * Hashes the Avro binary encoding of ints, longs and strings without running an encoder.
 *
 * <p>Each method writes exactly the bytes Avro's {@code BinaryEncoder} writes (a zig-zag
 * varint; for strings the UTF-8 byte length as a zig-zag varint, then the UTF-8 bytes) into a
 * per-thread array and hashes that with murmur3_32 (fixed). Key-group assignment depends on
 * these values forever, so the result must equal {@code murmur3_32_fixed(coder.encode(v))};
 * {@code EncodingHashTest} checks this on random input and pins golden values.
 */
final class EncodingHash {

  /** Strings whose encoding fits are hashed in the per-thread array; larger ones get their own. */
  private static final int RETAINED_LIMIT = 64 * 1024;

  private static final ThreadLocal<byte[][]> BUFFER =
      ThreadLocal.withInitial(() -> new byte[][] {new byte[64]});

  private EncodingHash() {}

  static int ofInt(int value) {
    byte[] buffer = buffer(5);
    int length = putVarLong(buffer, 0, zigZag(value));
    return hash(buffer, length);
  }

  static int ofLong(long value) {
    byte[] buffer = buffer(10);
    int length = putVarLong(buffer, 0, (value << 1) ^ (value >> 63));
    return hash(buffer, length);
  }

  static int ofString(String value) {
    int utf8Length = utf8Length(value);
    byte[] buffer = buffer(5 + utf8Length);
    int length = putVarLong(buffer, 0, zigZag(utf8Length));
    length = putUtf8(value, buffer, length);
    return hash(buffer, length);
  }

  private static int hash(byte[] buffer, int length) {
    return AbstractCoder.MURMUR3.hashBytes(buffer, 0, length).asInt();
  }

  private static byte[] buffer(int needed) {
    byte[][] holder = BUFFER.get();
    if (holder[0].length >= needed) {
      return holder[0];
    }
    byte[] grown = new byte[Math.max(needed, holder[0].length * 2)];
    if (grown.length <= RETAINED_LIMIT) {
      holder[0] = grown;
    }
    return grown;
  }

  /** Zig-zags an int as 32 bits, unsigned, as Avro's {@code writeInt} does. */
  private static long zigZag(int value) {
    return ((value << 1) ^ (value >> 31)) & 0xFFFF_FFFFL;
  }

  /** Writes an already zig-zagged value as a varint; returns the new position. */
  private static int putVarLong(byte[] buffer, int position, long zigZagged) {
    long rest = zigZagged;
    while ((rest & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    buffer[position++] = (byte) rest;
    return position;
  }

  /**
   * The length of {@code value.getBytes(UTF_8)}: a lone surrogate becomes one byte ({@code '?'}),
   * as the JDK's encoder, which Avro uses, replaces it.
   */
  private static int utf8Length(String value) {
    int length = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isSurrogate(c)) {
        if (isPairAt(value, i)) {
          length += 4;
          i++;
        } else {
          length += 1;
        }
      } else {
        length += 3;
      }
    }
    return length;
  }

  /** Encodes like {@code value.getBytes(UTF_8)}; returns the new position. */
  private static int putUtf8(String value, byte[] buffer, int position) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        buffer[position++] = (byte) c;
      } else if (c < 0x800) {
        buffer[position++] = (byte) (0xC0 | (c >>> 6));
        buffer[position++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (isPairAt(value, i)) {
          int codePoint = Character.toCodePoint(c, value.charAt(++i));
          buffer[position++] = (byte) (0xF0 | (codePoint >>> 18));
          buffer[position++] = (byte) (0x80 | ((codePoint >>> 12) & 0x3F));
          buffer[position++] = (byte) (0x80 | ((codePoint >>> 6) & 0x3F));
          buffer[position++] = (byte) (0x80 | (codePoint & 0x3F));
        } else {
          buffer[position++] = (byte) '?';
        }
      } else {
        buffer[position++] = (byte) (0xE0 | (c >>> 12));
        buffer[position++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
        buffer[position++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return position;
  }

  private static boolean isPairAt(String value, int i) {
    return Character.isHighSurrogate(value.charAt(i))
        && i + 1 < value.length()
        && Character.isLowSurrogate(value.charAt(i + 1));
  }
}
