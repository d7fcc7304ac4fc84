package dev.weir.runner.distributed.internal.exchange;

import dev.weir.runtime.task.ChannelEvent;
import dev.weir.runtime.task.OutputChannel;
import dev.weir.runtime.task.RecordBatch;
import dev.weir.runtime.task.TaskCancelledException;
import dev.weir.sdk.WeirException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One channel of an exchange as one partition of the exchange's topic, written through a
 * producer that the channels of a worker share. {@link #send} encodes the event with the
 * writer's epoch and hands it to the producer, which sends asynchronously. A channel with a
 * {@link LagGuard.Lane} waits before a frame of records while it is too many frames ahead of
 * its reader (backpressure); a full producer buffer blocks the sender too, up to the
 * producer's {@code max.block.ms}. A send
 * that failed is reported by the next {@link #send}, {@link #flush()} or {@link #checkError()}:
 * records after it may have been written, so the channel's order is broken and the task must
 * fail.
 *
 * <p>Used by the sending task's thread; the frames must not be used by another thread at the
 * same time.
 */
public final class KafkaOutputChannel implements OutputChannel {
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final int partition;
  private final long epoch;
  private final ExchangeFrames frames;
  private final String name;
  /** The channel's flow control, or null for an unbounded channel. */
  private final LagGuard.Lane lane;
  /**
   * The largest record value a batch is sent as, if it has more than one record: below the
   * producer's and the broker's default limit of 1 MiB per record (a single larger record
   * needs {@code max.request.size} and the topic's {@code max.message.bytes} raised).
   */
  static final int MAX_FRAME_BYTES = 1_000_000;

  private final AtomicReference<Exception> failed = new AtomicReference<>();

  /**
   * @param producer the shared producer, configured with {@link #producerProperties(Map)}
   * @param frames the codec of the channel's exchange (may be shared by one task's channels)
   */
  public KafkaOutputChannel(Producer<byte[], byte[]> producer, String topic, int partition,
      long epoch, ExchangeFrames frames) {
    this(producer, topic, partition, epoch, frames, null);
  }

  /**
   * A channel whose record frames wait while it is too far ahead of its reader.
   *
   * @param lane the channel's flow control (see {@link LagGuard}), or null for none
   */
  public KafkaOutputChannel(Producer<byte[], byte[]> producer, String topic, int partition,
      long epoch, ExchangeFrames frames, LagGuard.Lane lane) {
    this.lane = lane;
    this.producer = producer;
    this.topic = topic;
    this.partition = partition;
    this.epoch = epoch;
    this.frames = frames;
    this.name = "exchange " + frames.exchange().label() + " from step '"
        + frames.exchange().from().name() + "' to step '" + frames.exchange().toChain().name()
        + "' (topic " + topic + ", partition " + partition + ", epoch " + epoch + ")";
  }

  /**
   * The producer settings the channels need on top of {@code base} (which holds at least
   * {@code bootstrap.servers}): every write acknowledged by all in-sync replicas, idempotence
   * (retries neither reorder nor duplicate within a partition), byte-array serializers, a
   * linger of 5 ms and lz4 compression when the lz4 library is on the class path.
   */
  public static Map<String, Object> producerProperties(Map<String, Object> base) {
    Map<String, Object> p = new HashMap<>(base);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    if (lz4Available()) {
      p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }
    return p;
  }

  private static boolean lz4Available() {
    try {
      Class.forName("net.jpountz.lz4.LZ4Factory", false, KafkaOutputChannel.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Override
  public void send(ChannelEvent event) {
    checkError();
    if (event instanceof RecordBatch batch) {
      sendBatch(batch, 0, batch.size());
    } else {
      write(frames.encode(epoch, event));
      if (lane != null) {
        lane.afterControl();
      }
    }
  }

  /** Sends records {@code from..to} of a batch, in parts when one record would be too large. */
  private void sendBatch(RecordBatch batch, int from, int to) {
    byte[] value = frames.encode(epoch, batch, from, to);
    if (value.length > MAX_FRAME_BYTES && to - from > 1) {
      int mid = (from + to) >>> 1;
      sendBatch(batch, from, mid);
      sendBatch(batch, mid, to);
    } else {
      awaitRoom();
      write(value);
    }
  }

  /** Waits while the reader is too far behind (control frames never wait: see LagGuard). */
  private void awaitRoom() {
    if (lane == null) {
      return;
    }
    try {
      lane.beforeRecords();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      TaskCancelledException c = new TaskCancelledException("waiting for the reader of " + name);
      c.addSuppressed(e);
      throw c;
    }
  }

  /**
   * Nanoseconds the sender waited for its reader so far (see {@link LagGuard.Lane#waitedNanos()}),
   * 0 for an unbounded channel. A full producer buffer is not counted.
   */
  @Override
  public long backpressuredNanos() {
    return lane == null ? 0 : lane.waitedNanos();
  }

  private void write(byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, partition, null, value), (metadata, error) -> {
        if (error != null) {
          failed.compareAndSet(null, error);
        }
      });
    } catch (InterruptException e) {
      throw cancelled("sending to " + name, e);
    } catch (KafkaException e) {
      throw new WeirException("sending to " + name + " failed: " + e, e,
          frames.exchange().from().name(), -1);
    }
  }

  /**
   * Waits until everything sent so far (by every channel of the producer) is acknowledged.
   *
   * @throws WeirException if a send of this channel failed
   * @throws TaskCancelledException if the thread was interrupted meanwhile
   */
  public void flush() {
    try {
      producer.flush();
    } catch (InterruptException e) {
      throw cancelled("flushing " + name, e);
    }
    checkError();
  }

  /**
   * Throws if a send of this channel failed.
   *
   * @throws WeirException naming the channel and the producer's error
   */
  public void checkError() {
    Exception e = failed.get();
    if (e != null) {
      throw new WeirException("sending to " + name + " failed: " + e + ". Later events may have "
          + "been written, so the channel's order is lost: the task must fail and the job roll "
          + "back", e, frames.exchange().from().name(), -1);
    }
  }

  private static TaskCancelledException cancelled(String what, InterruptException e) {
    // Kafka's InterruptException has set the thread's interrupt flag again.
    TaskCancelledException c = new TaskCancelledException(what);
    c.addSuppressed(e);
    return c;
  }

  @Override
  public String toString() {
    return name;
  }
}
