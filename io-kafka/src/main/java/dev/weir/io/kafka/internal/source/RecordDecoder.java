package dev.weir.io.kafka.internal.source;

import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.KV;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a Kafka record's bytes into a pipeline record: a {@code KV} of the decoded key and
 * value, or the value alone.
 *
 * @param <T> the pipeline record type
 */
public interface RecordDecoder<T> {

  /**
   * The record, or {@code null} to skip it (a tombstone of a values-only source).
   *
   * @throws DecodeException if the key or value does not decode
   */
  T decode(ConsumerRecord<byte[], byte[]> record);

  /** For messages: the coders, such as {@code key Coder<A>, value Coder<B>}. */
  String describe();

  /** A key or value that does not decode; the message names the part and its coder. */
  final class DecodeException extends RuntimeException {
    DecodeException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Records as {@code KV(key, value)}; a tombstone gives a {@code null} value. */
  static <K, V> RecordDecoder<KV<K, V>> kv(Coder<K> keyCoder, Coder<V> valueCoder) {
    return new RecordDecoder<>() {
      @Override
      public KV<K, V> decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
          throw new DecodeException("the record has no key, which a KV source requires (use "
              + "KafkaSource.Builder.buildValues() to read values only)", null);
        }
        K key = part("key", keyCoder, record.key());
        V value = record.value() == null ? null : part("value", valueCoder, record.value());
        return KV.of(key, value);
      }

      @Override
      public String describe() {
        return "key " + keyCoder + ", value " + valueCoder;
      }
    };
  }

  /** Record values alone; tombstones (null values) are skipped. */
  static <V> RecordDecoder<V> values(Coder<V> valueCoder) {
    return new RecordDecoder<>() {
      @Override
      public V decode(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? null : part("value", valueCoder, record.value());
      }

      @Override
      public String describe() {
        return "value " + valueCoder;
      }
    };
  }

  private static <X> X part(String what, Coder<X> coder, byte[] bytes) {
    try {
      return coder.decode(bytes);
    } catch (RuntimeException e) {
      throw new DecodeException("the " + what + " (" + bytes.length + " bytes) does not decode "
          + "with " + coder + ": " + e.getMessage(), e);
    }
  }
}
