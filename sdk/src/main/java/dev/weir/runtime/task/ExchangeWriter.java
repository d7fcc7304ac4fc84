package dev.weir.runtime.task;

import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.ExchangeType;
import dev.weir.runtime.state.KeyGroups;
import dev.weir.sdk.UserFunctionException;
import dev.weir.sdk.fn.KeyFn;
import dev.weir.sdk.types.Coder;

/**
 * The sending side of one exchange in one subtask: routes each record to a downstream
 * subtask (by key group, round robin or forward), buffers records per target in
 * {@link RecordBatch}es and sends a batch when it is full or on {@link #flush()}. Control
 * events (watermarks, barriers, end of input) flush first and go to every target, so they
 * stay in order with the records.
 */
public final class ExchangeWriter {
  private final Exchange exchange;
  private final OutputChannel[] targets;
  private final RecordBatch[] buffers;
  private final int batchSize;
  private final boolean keyed;
  private final KeyFn<Object, Object> keyFn;
  private final Coder<Object> keyCoder;
  private final int maxParallelism;
  private final int producerSubtask;
  private final int producerParallelism;
  private int roundRobin;

  /**
   * @param targets one channel per downstream subtask (one for FORWARD)
   */
  @SuppressWarnings("unchecked")
  public ExchangeWriter(Exchange exchange, OutputChannel[] targets, int batchSize,
      int maxParallelism, int producerSubtask) {
    this.exchange = exchange;
    this.targets = targets;
    this.buffers = new RecordBatch[targets.length];
    this.batchSize = batchSize;
    this.keyed = exchange.type() == ExchangeType.HASH;
    this.keyFn = keyed ? (KeyFn<Object, Object>) exchange.keyBy().keyFn() : null;
    this.keyCoder = keyed ? (Coder<Object>) exchange.keyBy().keyCoder() : null;
    this.maxParallelism = maxParallelism;
    this.producerSubtask = producerSubtask;
    this.producerParallelism = exchange.fromChain().parallelism();
    this.roundRobin = producerSubtask % targets.length;
  }

  public Exchange exchange() {
    return exchange;
  }

  /** Routes one record. */
  public void emit(Object value, long timestamp) {
    if (keyed) {
      Object key;
      int keyGroup;
      try {
        key = keyFn.keyOf(value);
        if (key == null) {
          throw new NullPointerException("the key function returned null for " + value);
        }
        keyGroup = KeyGroups.keyGroupOf(keyCoder.hashOfEncoding(key), maxParallelism);
      } catch (RuntimeException e) {
        throw new UserFunctionException(exchange.keyBy().name(), producerSubtask,
            producerParallelism, e);
      }
      int target = KeyGroups.subtaskOf(keyGroup, maxParallelism, targets.length);
      if (buffer(target).add(value, timestamp, key, keyGroup)) {
        sendBuffer(target);
      }
    } else {
      int target = 0;
      if (targets.length > 1) {
        target = roundRobin;
        roundRobin = roundRobin + 1 == targets.length ? 0 : roundRobin + 1;
      }
      if (buffer(target).add(value, timestamp)) {
        sendBuffer(target);
      }
    }
  }

  private RecordBatch buffer(int target) {
    RecordBatch b = buffers[target];
    if (b == null) {
      b = new RecordBatch(batchSize, keyed);
      buffers[target] = b;
    }
    return b;
  }

  private void sendBuffer(int target) {
    RecordBatch b = buffers[target];
    buffers[target] = null;
    targets[target].send(b);
  }

  /** Sends every non-empty buffer. */
  public void flush() {
    for (int t = 0; t < buffers.length; t++) {
      if (buffers[t] != null && !buffers[t].isEmpty()) {
        sendBuffer(t);
      }
    }
  }

  /** Flushes, then sends {@code event} to every downstream subtask. */
  public void broadcast(ChannelEvent event) {
    flush();
    for (OutputChannel target : targets) {
      target.send(event);
    }
  }
}
