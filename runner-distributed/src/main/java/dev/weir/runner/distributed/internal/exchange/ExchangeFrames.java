package dev.weir.runner.distributed.internal.exchange;

import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.ExchangeType;
import dev.weir.runtime.serde.ArrayEncoder;
import dev.weir.runtime.state.KeyGroups;
import dev.weir.runtime.task.Barrier;
import dev.weir.runtime.task.ChannelEvent;
import dev.weir.runtime.task.EndOfInput;
import dev.weir.runtime.task.RecordBatch;
import dev.weir.runtime.task.Watermark;
import dev.weir.sdk.UserFunctionException;
import dev.weir.sdk.WeirException;
import dev.weir.sdk.fn.KeyFn;
import dev.weir.sdk.types.Coder;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The value of an exchange record: the writer's epoch, the kind of event, its payload, in
 * Avro's binary encoding. A record batch is its size, then per record its timestamp and its
 * value in the exchange's value coder (the output coder of {@link Exchange#from()}). Keys and
 * key groups are not sent: for a {@link ExchangeType#HASH} exchange the receiver computes them
 * again from the value, as {@code ExchangeWriter} does, and builds a keyed batch.
 *
 * <p>One instance per exchange and thread: the encoder and decoder are reused.
 */
public final class ExchangeFrames {
  static final int BATCH = 0;
  static final int WATERMARK = 1;
  static final int BARRIER = 2;
  static final int END_OF_INPUT = 3;

  private final Exchange exchange;
  private final int maxParallelism;
  private final Coder<Object> valueCoder;
  private final KeyFn<Object, Object> keyFn;
  private final Coder<Object> keyCoder;
  private final ArrayEncoder encoder = new ArrayEncoder(256);
  private BinaryDecoder decoder;

  /**
   * @param maxParallelism the plan's number of key groups (used for HASH exchanges)
   */
  @SuppressWarnings("unchecked")
  public ExchangeFrames(Exchange exchange, int maxParallelism) {
    this.exchange = exchange;
    this.maxParallelism = maxParallelism;
    this.valueCoder = (Coder<Object>) exchange.from().outputCoder();
    if (valueCoder == null) {
      throw new IllegalArgumentException("step '" + exchange.from().name() + "' has no output "
          + "coder, so its records cannot cross processes through exchange " + exchange.label()
          + " to step '" + exchange.toChain().name() + "'; give it one with .withCoder(...) "
          + "after the step");
    }
    boolean keyed = exchange.type() == ExchangeType.HASH;
    this.keyFn = keyed ? (KeyFn<Object, Object>) exchange.keyBy().keyFn() : null;
    this.keyCoder = keyed ? (Coder<Object>) exchange.keyBy().keyCoder() : null;
  }

  /** The exchange whose records this codec reads and writes. */
  public Exchange exchange() {
    return exchange;
  }

  /**
   * The record value of {@code event} written at {@code epoch}.
   *
   * @throws WeirException naming the exchange and the step if a record value does not encode
   */
  public byte[] encode(long epoch, ChannelEvent event) {
    if (event instanceof RecordBatch batch) {
      return encode(epoch, batch, 0, batch.size());
    }
    encoder.reset();
    encoder.writeLong(epoch);
    if (event instanceof Watermark w) {
      encoder.writeInt(WATERMARK);
      encoder.writeLong(w.timestamp());
    } else if (event instanceof Barrier b) {
      encoder.writeInt(BARRIER);
      encoder.writeLong(b.checkpointId());
      encoder.writeLong(b.timestamp());
    } else if (event == EndOfInput.INSTANCE) {
      encoder.writeInt(END_OF_INPUT);
    } else {
      throw new IllegalArgumentException("exchange " + exchange.label() + " cannot send " + event);
    }
    return Arrays.copyOf(encoder.array(), encoder.position());
  }

  /**
   * The record value of the records {@code from} (inclusive) to {@code to} (exclusive) of
   * {@code batch} as one batch written at {@code epoch}: a batch too large for one record is
   * sent as consecutive parts, which the receiver processes in the same order.
   *
   * @throws WeirException naming the exchange and the step if a record value does not encode
   */
  public byte[] encode(long epoch, RecordBatch batch, int from, int to) {
    encoder.reset();
    encoder.writeLong(epoch);
    encoder.writeInt(BATCH);
    encoder.writeInt(to - from);
    for (int i = from; i < to; i++) {
      encoder.writeLong(batch.timestamp(i));
      try {
        valueCoder.encode(batch.value(i), encoder);
      } catch (IOException | RuntimeException e) {
        throw new WeirException("a record of step '" + exchange.from().name() + "' does not "
            + "encode with " + valueCoder + " for exchange " + exchange.label() + " to step '"
            + exchange.toChain().name() + "': " + e.getMessage() + ". The step's coder (set "
            + "with .withCoder(...)) must encode every record it emits", e,
            exchange.from().name(), -1);
      }
    }
    return Arrays.copyOf(encoder.array(), encoder.position());
  }

  /**
   * The epoch of a record written by {@link #encode}, reading only its first field.
   *
   * @throws ExchangeDecodeException if the value is missing or not a frame
   */
  public long epochOf(ConsumerRecord<byte[], byte[]> record, int receiverSubtask) {
    try {
      return begin(record).readLong();
    } catch (IOException | RuntimeException e) {
      throw failure(record, receiverSubtask, "its epoch does not decode", e);
    }
  }

  /**
   * The event of a record written by {@link #encode}.
   *
   * @param receiverSubtask the receiving subtask (for the keyed check and messages)
   * @throws ExchangeDecodeException naming the exchange, the receiving step and subtask and the
   *     record's topic, partition and offset, if the value does not decode
   */
  public ChannelEvent decode(ConsumerRecord<byte[], byte[]> record, int receiverSubtask) {
    try {
      BinaryDecoder in = begin(record);
      in.readLong();
      int kind = in.readInt();
      ChannelEvent event = switch (kind) {
        case BATCH -> readBatch(in, record, receiverSubtask);
        case WATERMARK -> new Watermark(in.readLong());
        case BARRIER -> new Barrier(in.readLong(), in.readLong());
        case END_OF_INPUT -> EndOfInput.INSTANCE;
        default -> throw failure(record, receiverSubtask, "its kind " + kind + " is unknown "
            + "(written by a different version?)", null);
      };
      if (!in.isEnd()) {
        throw failure(record, receiverSubtask, "bytes are left over after the event", null);
      }
      return event;
    } catch (ExchangeDecodeException | UserFunctionException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw failure(record, receiverSubtask, "it does not decode with " + valueCoder, e);
    }
  }

  private BinaryDecoder begin(ConsumerRecord<byte[], byte[]> record) {
    byte[] value = record.value();
    if (value == null) {
      throw new IllegalArgumentException("the record has no value");
    }
    decoder = DecoderFactory.get().binaryDecoder(value, decoder);
    return decoder;
  }

  private RecordBatch readBatch(BinaryDecoder in, ConsumerRecord<byte[], byte[]> record,
      int receiverSubtask) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > record.value().length) {
      throw failure(record, receiverSubtask, "its batch size " + n + " is impossible", null);
    }
    boolean keyed = keyFn != null;
    RecordBatch batch = new RecordBatch(Math.max(n, 1), keyed);
    for (int i = 0; i < n; i++) {
      long timestamp = in.readLong();
      Object value = valueCoder.decode(in);
      if (keyed) {
        Object key = keyOf(value, receiverSubtask);
        int keyGroup = KeyGroups.keyGroupOf(keyCoder.hashOfEncoding(key), maxParallelism);
        int owner = KeyGroups.subtaskOf(keyGroup, maxParallelism, exchange.toChain().parallelism());
        if (owner != receiverSubtask) {
          throw failure(record, receiverSubtask, "record " + i + " has key group " + keyGroup
              + ", which subtask " + (owner + 1) + " owns, not this one (is the key function of '"
              + exchange.keyBy().name() + "' deterministic?)", null);
        }
        batch.add(value, timestamp, key, keyGroup);
      } else {
        batch.add(value, timestamp);
      }
    }
    return batch;
  }

  private Object keyOf(Object value, int receiverSubtask) {
    try {
      Object key = keyFn.keyOf(value);
      if (key == null) {
        throw new NullPointerException("the key function returned null for " + value);
      }
      return key;
    } catch (RuntimeException e) {
      throw new UserFunctionException(exchange.keyBy().name(), receiverSubtask,
          exchange.toChain().parallelism(), e);
    }
  }

  private ExchangeDecodeException failure(ConsumerRecord<byte[], byte[]> record,
      int receiverSubtask, String problem, Throwable cause) {
    String detail = cause == null ? "" : ": " + cause;
    return new ExchangeDecodeException("exchange " + exchange.label() + " (from step '"
        + exchange.from().name() + "') into step '" + exchange.toChain().name() + "' (subtask "
        + (receiverSubtask + 1) + "/" + exchange.toChain().parallelism() + "): the record at "
        + record.topic() + "-" + record.partition() + " offset " + record.offset()
        + " cannot be read: " + problem + detail + ". The topic must be written only by this "
        + "job's subtasks of the same version", cause, exchange.toChain().name(), receiverSubtask);
  }

  /** An exchange record that does not decode; the message says which and where. */
  public static final class ExchangeDecodeException extends WeirException {
    private static final long serialVersionUID = 1L;

    ExchangeDecodeException(String message, Throwable cause, String step, int subtask) {
      super(message, cause, step, subtask);
    }
  }
}
