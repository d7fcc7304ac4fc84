package dev.weir.runtime.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runtime.graph.PipelineImpl;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.types.Types;
import dev.weir.testsupport.NoSink;
import dev.weir.testsupport.ListSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTest {

  static Pipeline wordCount(int parallelism) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("wordcount")
        .withParallelism(parallelism));
    p.read("lines", ListSource.of(Types.STRING, "a b", "b")).withParallelism(1)
        .flatMap("split", l -> Arrays.asList(l.split(" ")))
        .filter("nonEmpty", w -> !w.isEmpty())
        .keyBy("byWord", w -> w, Types.STRING)
        .count("count")
        .map("format", kv -> kv.key() + "\t" + kv.value())
        .write("out", new NoSink<>());
    return p;
  }

  @Test
  void wordCountChainsStepsAroundTheExchanges() {
    PhysicalPlan plan = PipelineImpl.of(wordCount(2)).plan();
    assertThat(plan.chains()).extracting(c -> c.nodes().stream().map(n -> n.name()).toList(),
            Chain::parallelism)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(java.util.List.of("lines"), 1),
            org.assertj.core.groups.Tuple.tuple(java.util.List.of("split", "nonEmpty"), 2),
            org.assertj.core.groups.Tuple.tuple(java.util.List.of("count", "format", "out"), 2));
    assertThat(plan.exchanges()).extracting(e -> e.type(), e -> e.from().name())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ExchangeType.REBALANCE, "lines"),
            org.assertj.core.groups.Tuple.tuple(ExchangeType.HASH, "nonEmpty"));
    assertThat(plan.exchanges().get(1).keyBy().name()).isEqualTo("byWord");
    assertThat(plan.taskCount()).isEqualTo(5);
  }

  @Test
  void explainPrintsChainsExchangesAndParallelism() {
    String text = wordCount(2).explain();
    assertThat(text)
        .contains("Job 'wordcount': 3 chains, 5 tasks, 128 key groups")
        .contains("Chain 0 [parallelism 1]: lines (source)\n")
        .contains("Chain 1 [parallelism 2]: split (flatMap) -> nonEmpty (filter)")
        .contains("<- REBALANCE from 'lines' (chain 0, 1 -> 2 subtasks)")
        .contains("Chain 2 [parallelism 2]: count (count) state=[count] -> format (map) -> out (sink)")
        .contains("<- HASH(byWord) from 'nonEmpty' (chain 1, 2 -> 2 subtasks, key groups 0..127)");
  }

  @Test
  void rebalanceWhereParallelismChangesAndForwardIntoAUnion() {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withParallelism(2));
    PStream<String> a = p.read("a", ListSource.of(Types.STRING, "x"));
    PStream<String> b = p.read("b", ListSource.of(Types.STRING, "y")).withParallelism(3);
    a.union("both", b).map("upper", String::toUpperCase).withParallelism(2).write("out", new NoSink<>());
    PhysicalPlan plan = PipelineImpl.of(p).plan();
    assertThat(plan.exchanges()).extracting(Exchange::label, e -> e.from().name())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("FORWARD", "a"),
            org.assertj.core.groups.Tuple.tuple("REBALANCE", "b"));
    assertThat(plan.chainOf(plan.chains().get(2).head()).nodes()).extracting(n -> n.name())
        .containsExactly("both", "upper", "out");
  }

  @Test
  void theFingerprintIsDeterministicAndChangesWithTheGraph() {
    String f1 = PipelineImpl.of(wordCount(2)).plan().fingerprint();
    String f2 = PipelineImpl.of(wordCount(2)).plan().fingerprint();
    String f3 = PipelineImpl.of(wordCount(3)).plan().fingerprint();
    assertThat(f1).isEqualTo(f2).isNotEqualTo(f3).hasSize(16);
  }

  @Test
  void dotOutputIsWellFormedAndParsesWithGraphvizIfInstalled(@TempDir Path dir) throws Exception {
    String dot = wordCount(2).explainDot();
    assertThat(dot).startsWith("digraph \"wordcount\" {").endsWith("}\n")
        .contains("subgraph cluster_0", "subgraph cluster_2", "label=\"HASH(byWord)\"", "label=\"REBALANCE\"");
    assertThat(dot.chars().filter(c -> c == '{').count())
        .isEqualTo(dot.chars().filter(c -> c == '}').count());
    Path dotBin = Path.of("/usr/bin/dot");
    if (Files.isExecutable(dotBin)) {
      Path file = dir.resolve("plan.dot");
      Files.writeString(file, dot);
      Process proc = new ProcessBuilder(dotBin.toString(), "-Tsvg", file.toString())
          .redirectErrorStream(true).start();
      String output = new String(proc.getInputStream().readAllBytes());
      assertThat(proc.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(proc.exitValue()).as(output).isZero();
    }
  }

  @SuppressWarnings("unused")
  private static void unused() throws IOException {
  }
}
