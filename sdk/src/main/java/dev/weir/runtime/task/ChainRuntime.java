package dev.weir.runtime.task;

import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.plan.Chain;
import dev.weir.runtime.plan.Exchange;
import dev.weir.runtime.plan.PhysicalPlan;
import dev.weir.runtime.state.KeyGroupRange;
import dev.weir.runtime.state.KeyGroups;
import dev.weir.sdk.OutputTag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators of one subtask of a chain, wired to each other and to the exchange writers
 * that leave the chain. Built the same way by every runner; only the channels differ.
 */
final class ChainRuntime {
  private final Map<LogicalNode, Operator> operators = new LinkedHashMap<>();
  private final Map<LogicalNode, NodeOutput> outputs = new HashMap<>();
  private final Map<LogicalNode, StepCounters> counters = new LinkedHashMap<>();
  private final List<ExchangeWriter> writers = new ArrayList<>();

  ChainRuntime(TaskConfig config, Map<Exchange, OutputChannel[]> channels) {
    PhysicalPlan plan = config.plan();
    Chain chain = config.chain();
    for (LogicalNode n : chain.nodes()) {
      counters.put(n, new StepCounters(n.name()));
      if (n.kind() != LogicalNode.Kind.SOURCE) {
        operators.put(n, n.operatorFactory().create());
      }
    }
    // Build outputs from the tail backwards so successors' outputs exist first.
    List<LogicalNode> reversed = new ArrayList<>(chain.nodes());
    java.util.Collections.reverse(reversed);
    for (LogicalNode n : reversed) {
      List<NodeOutput.Chained> chained = new ArrayList<>();
      Map<OutputTag<?>, NodeOutput.Chained> side = new HashMap<>();
      for (LogicalNode m : chain.nodes()) {
        if (m.inputs().size() == 1 && m.inputs().get(0) == n && m != chain.head()) {
          NodeOutput.Chained c = new NodeOutput.Chained(operators.get(m), counters.get(m), outputs.get(m));
          if (m.kind() == LogicalNode.Kind.SIDE_OUTPUT) {
            side.put(m.tag(), c);
          } else {
            chained.add(c);
          }
        }
      }
      List<ExchangeWriter> ex = new ArrayList<>();
      for (Exchange e : plan.outputsOf(n)) {
        ExchangeWriter w = new ExchangeWriter(e, channels.get(e), config.batchSize(),
            plan.maxParallelism(), config.subtask());
        ex.add(w);
        writers.add(w);
      }
      outputs.put(n, new NodeOutput(counters.get(n), chained.toArray(new NodeOutput.Chained[0]),
          ex.toArray(new ExchangeWriter[0]), side));
    }
  }

  /** Opens the operators, tail first, so each emits into opened successors. */
  void open(TaskConfig config, TaskServices services) {
    List<LogicalNode> reversed = new ArrayList<>(operators.keySet());
    java.util.Collections.reverse(reversed);
    for (LogicalNode n : reversed) {
      int p = config.chain().parallelism();
      KeyGroupRange range = n.kind() == LogicalNode.Kind.KEYED_OPERATOR
          ? KeyGroups.rangeOf(config.subtask(), config.plan().maxParallelism(), p)
          : new KeyGroupRange(0, config.plan().maxParallelism() - 1);
      dev.weir.sdk.types.Coder<?> keyCoder = n.kind() == LogicalNode.Kind.KEYED_OPERATOR
          ? n.inputs().get(0).keyCoder() : null;
      operators.get(n).open(new OperatorContext(n.name(), config, range, keyCoder, outputs.get(n),
          services.restoredStep(n.name())));
    }
  }

  Operator operator(LogicalNode n) {
    return operators.get(n);
  }

  NodeOutput output(LogicalNode n) {
    return outputs.get(n);
  }

  StepCounters counters(LogicalNode n) {
    return counters.get(n);
  }

  /** Operators by step, in chain order (head first). */
  Map<LogicalNode, Operator> operators() {
    return operators;
  }

  List<StepCounters> allCounters() {
    return new ArrayList<>(counters.values());
  }

  List<ExchangeWriter> writers() {
    return writers;
  }

  void flush() {
    for (ExchangeWriter w : writers) {
      w.flush();
    }
  }

  void broadcast(ChannelEvent event) {
    for (ExchangeWriter w : writers) {
      w.broadcast(event);
    }
  }

  /** The earliest processing time any operator waits for. */
  long nextProcessingTime() {
    long next = Long.MAX_VALUE;
    for (Operator op : operators.values()) {
      next = Math.min(next, op.nextProcessingTime());
    }
    return next;
  }

  void onProcessingTime(long now) {
    for (Operator op : operators.values()) {
      if (op.nextProcessingTime() <= now) {
        op.onProcessingTime(now);
      }
    }
  }

  /** Fires the processing-time timers that are due by {@code clock} (the timers' clock). */
  void fireDueTimers(java.time.Clock clock) {
    if (nextProcessingTime() != Long.MAX_VALUE) {
      onProcessingTime(clock.millis());
    }
  }

  /**
   * How long the task may wait for input before a processing-time timer is due: at most
   * {@code maxNanos}, 0 when one is due now.
   */
  long nanosUntilNextTimer(java.time.Clock clock, long maxNanos) {
    long next = nextProcessingTime();
    if (next == Long.MAX_VALUE) {
      return maxNanos;
    }
    long delayMs = next - clock.millis();
    return Math.max(0, Math.min(maxNanos, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(delayMs)));
  }

  void endInput() {
    for (Operator op : operators.values()) {
      op.endInput();
    }
  }

  /** Closes every operator; the first failure is thrown after all were tried. */
  void close() throws Exception {
    Exception first = null;
    for (Operator op : operators.values()) {
      try {
        op.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
