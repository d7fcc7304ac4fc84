package dev.weir.runtime.task;

import dev.weir.sdk.OutputTag;
import java.util.Map;

/**
 * The {@link Output} of one step in a task: calls chained successors directly and hands
 * records to exchange writers; side-output records go to the side-output step of their tag.
 */
final class NodeOutput implements Output {
  /** A step fed by this output inside the same task. */
  record Chained(Operator operator, StepCounters counters, NodeOutput output) {
    void process(Object value, long timestamp) {
      counters.recordsIn++;
      operator.processRecord(value, timestamp, null, -1);
    }
  }

  private final StepCounters counters;
  private final Chained[] chained;
  private final ExchangeWriter[] exchanges;
  private final Map<OutputTag<?>, Chained> sideOutputs;

  NodeOutput(StepCounters counters, Chained[] chained, ExchangeWriter[] exchanges,
      Map<OutputTag<?>, Chained> sideOutputs) {
    this.counters = counters;
    this.chained = chained;
    this.exchanges = exchanges;
    this.sideOutputs = sideOutputs;
  }

  @Override
  public void emit(Object value, long timestamp) {
    counters.recordsOut++;
    for (Chained c : chained) {
      c.process(value, timestamp);
    }
    for (ExchangeWriter w : exchanges) {
      w.emit(value, timestamp);
    }
  }

  @Override
  public void emitSide(OutputTag<?> tag, Object value, long timestamp) {
    counters.recordsOut++;
    Chained c = sideOutputs.get(tag);
    if (c == null) {
      counters.sideOutputDropped++;
    } else {
      c.process(value, timestamp);
    }
  }

  @Override
  public void emitWatermark(long watermark) {
    for (Chained c : chained) {
      c.operator().processWatermark(watermark, c.output());
    }
    for (Chained c : sideOutputs.values()) {
      c.operator().processWatermark(watermark, c.output());
    }
    for (ExchangeWriter w : exchanges) {
      w.broadcast(new Watermark(watermark));
    }
  }
}
