package dev.weir.runner.distributed.internal.worker;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one single-partition topic on a thread of its own, from a given offset (or its
 * start), reading only committed records, and hands each record to a callback in order. A
 * callback that throws stops nothing: the error is logged with the topic and offset and the
 * tail goes on, since one bad message must not blind a worker to the rest.
 */
public final class TopicTail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TopicPartition partition;
  private final Consumer<ConsumerRecord<byte[], byte[]>> callback;
  private final Thread thread;
  private final long from;
  private volatile boolean closing;

  /**
   * @param from the first offset to read, or -1 for the start of the log
   */
  public TopicTail(Map<String, Object> kafka, String topic, long from, String name,
      Consumer<ConsumerRecord<byte[], byte[]>> callback) {
    this.partition = new TopicPartition(topic, 0);
    this.callback = callback;
    this.from = from;
    this.consumer = new KafkaConsumer<>(props(kafka, name));
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
  }

  /** Consumer properties for reading committed records without a group. */
  public static Map<String, Object> props(Map<String, Object> kafka, String clientId) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return props;
  }

  /**
   * Reads partition 0 of {@code topic} from its start to its end as of now (committed records
   * only), handing each record to {@code each} in order.
   */
  public static void scan(Map<String, Object> kafka, String topic, String clientId,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    TopicPartition tp = new TopicPartition(topic, 0);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props(kafka, clientId))) {
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      while (c.position(tp) < end) {
        c.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }

  public TopicTail start() {
    thread.start();
    return this;
  }

  private void loop() {
    try {
      consumer.assign(List.of(partition));
      if (from < 0) {
        consumer.seekToBeginning(List.of(partition));
      } else {
        consumer.seek(partition, from);
      }
      while (!closing) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            callback.accept(r);
          } catch (RuntimeException e) {
            LOG.error("Reading {} at offset {}: {}", partition, r.offset(), e.toString(), e);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (!closing) {
        LOG.error("Following {} failed: {}", partition, e.toString(), e);
      }
    } finally {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
