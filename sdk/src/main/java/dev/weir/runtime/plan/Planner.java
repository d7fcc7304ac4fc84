package dev.weir.runtime.plan;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.weir.runtime.graph.LogicalNode;
import dev.weir.runtime.graph.LogicalNode.Kind;
import dev.weir.runtime.graph.PipelineImpl;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineValidationException;
import dev.weir.sdk.io.DeadLetter;
import dev.weir.sdk.state.StateSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles the logical graph into a {@link PhysicalPlan}: resolves each step's parallelism,
 * fuses steps into chains where no exchange is needed, and places exchanges: HASH after
 * {@code keyBy}, FORWARD into a union of equal parallelism, REBALANCE where parallelism
 * changes. Deterministic: the same pipeline and options give the same plan and fingerprint.
 */
public final class Planner {
  private Planner() {
  }

  /** Plans {@code pipeline}; throws {@link PipelineValidationException} when it cannot run. */
  public static PhysicalPlan plan(PipelineImpl pipeline) {
    PipelineOptions options = pipeline.options();
    List<LogicalNode> nodes = pipeline.nodes();
    if (nodes.stream().noneMatch(n -> n.kind() == Kind.SOURCE)) {
      throw new PipelineValidationException(null, "the pipeline has no source; add one with "
          + "pipeline.read(\"name\", source)");
    }
    requireDeadLetterReaders(nodes);
    Map<LogicalNode, Integer> parallelism = new HashMap<>();
    Map<LogicalNode, List<LogicalNode>> chainNodes = new LinkedHashMap<>();
    Map<LogicalNode, LogicalNode> headOf = new HashMap<>();
    for (LogicalNode n : nodes) {
      if (n.kind() == Kind.KEY_BY) {
        continue;
      }
      int p = resolveParallelism(n, parallelism, options);
      parallelism.put(n, p);
      LogicalNode chainTo = chainableInput(n, parallelism);
      LogicalNode head = chainTo == null ? n : headOf.get(chainTo);
      headOf.put(n, head);
      chainNodes.computeIfAbsent(head, h -> new ArrayList<>()).add(n);
    }
    List<Chain> chains = new ArrayList<>();
    Map<LogicalNode, Chain> chainOf = new HashMap<>();
    for (Map.Entry<LogicalNode, List<LogicalNode>> e : chainNodes.entrySet()) {
      Chain c = new Chain(chains.size(), e.getValue(), parallelism.get(e.getKey()));
      chains.add(c);
      e.getValue().forEach(n -> chainOf.put(n, c));
    }
    List<Exchange> exchanges = new ArrayList<>();
    for (Chain c : chains) {
      LogicalNode head = c.head();
      for (LogicalNode in : head.inputs()) {
        LogicalNode from = in.kind() == Kind.KEY_BY ? in.inputs().get(0) : in;
        ExchangeType type = in.kind() == Kind.KEY_BY ? ExchangeType.HASH
            : parallelism.get(from) == c.parallelism() ? ExchangeType.FORWARD : ExchangeType.REBALANCE;
        exchanges.add(new Exchange(exchanges.size(), from, chainOf.get(from), c, type,
            in.kind() == Kind.KEY_BY ? in : null));
      }
    }
    List<String> descriptors = stepDescriptors(nodes, parallelism);
    return new PhysicalPlan(options.jobName(), options.maxParallelism(), chains, exchanges, chainOf,
        fingerprint(descriptors, options), descriptors);
  }

  private static int resolveParallelism(LogicalNode n, Map<LogicalNode, Integer> known,
      PipelineOptions options) {
    if (n.kind() == Kind.SIDE_OUTPUT || n.parallelism() == 0 && n.inheritsParallelism()) {
      return known.get(n.inputs().get(0));
    }
    int p = n.parallelism() > 0 ? n.parallelism() : options.parallelism();
    if (n.kind() == Kind.KEYED_OPERATOR && p > options.maxParallelism()) {
      throw new PipelineValidationException(n.name(), "step '" + n.name() + "' has parallelism "
          + p + " but the pipeline has only " + options.maxParallelism() + " key groups; lower the "
          + "step's parallelism or raise " + PipelineOptions.MAX_PARALLELISM_CONFIG);
    }
    return p;
  }

  /** The input {@code n} is fused with, or {@code null} when {@code n} heads a chain. */
  private static LogicalNode chainableInput(LogicalNode n, Map<LogicalNode, Integer> parallelism) {
    if (n.kind() == Kind.SOURCE || n.kind() == Kind.UNION || n.kind() == Kind.KEYED_OPERATOR
        || n.inputs().size() != 1) {
      return null;
    }
    LogicalNode in = n.inputs().get(0);
    if (in.kind() == Kind.KEY_BY) {
      return null;
    }
    return parallelism.get(in).equals(parallelism.get(n)) ? in : null;
  }

  /**
   * One line per step with everything that must be equal in every process that runs the plan:
   * name, kind, description, parallelism, inputs, the schema of its output and of its state.
   */
  private static List<String> stepDescriptors(List<LogicalNode> nodes,
      Map<LogicalNode, Integer> parallelism) {
    List<String> out = new ArrayList<>(nodes.size());
    for (LogicalNode n : nodes) {
      StringBuilder d = new StringBuilder(n.name()).append(": ").append(n.kind())
          .append(" '").append(n.description()).append("' parallelism ")
          .append(parallelism.getOrDefault(n, 0)).append(" inputs ")
          .append(n.inputs().stream().map(LogicalNode::name).toList());
      if (n.outputCoder() != null) {
        d.append(" output ").append(schemaId(n.outputCoder().schema()));
      }
      if (n.keyCoder() != null) {
        d.append(" key ").append(schemaId(n.keyCoder().schema()));
      }
      for (StateSpec<?> spec : n.stateSpecs()) {
        d.append(" state ").append(spec.name()).append(':').append(spec.kind());
        if (spec.valueCoder() != null) {
          d.append(' ').append(schemaId(spec.valueCoder().schema()));
        }
      }
      out.add(d.toString());
    }
    return out;
  }

  /** A short id of a schema's canonical form: equal for equal schemas in every process. */
  private static String schemaId(org.apache.avro.Schema schema) {
    return Long.toHexString(org.apache.avro.SchemaNormalization.parsingFingerprint64(schema));
  }

  private static String fingerprint(List<String> descriptors, PipelineOptions options) {
    Hasher h = Hashing.sha256().newHasher();
    h.putInt(options.maxParallelism());
    for (String d : descriptors) {
      h.putString(d, StandardCharsets.UTF_8).putByte((byte) 0);
    }
    return h.hash().toString().substring(0, 16);
  }

  /** A source that may send dead letters must have them read, or bad records would vanish. */
  private static void requireDeadLetterReaders(List<LogicalNode> nodes) {
    for (LogicalNode n : nodes) {
      if (n.kind() == Kind.SOURCE && n.source().emitsDeadLetters()
          && nodes.stream().noneMatch(m -> m.kind() == Kind.SIDE_OUTPUT
              && m.inputs().get(0) == n && DeadLetter.TAG.equals(m.tag()))) {
        throw new PipelineValidationException(n.name(), "source step '" + n.name() + "' sends "
            + "records it cannot read to dead letters, but nothing reads them; add "
            + "stream.sideOutput(DeadLetter.TAG) and write it somewhere, or let the source fail "
            + "on bad records");
      }
    }
  }
}
