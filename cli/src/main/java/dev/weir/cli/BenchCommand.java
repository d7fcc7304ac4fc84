package dev.weir.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code weir bench}: listed here so that {@code weir --help} shows it, but run from the bench
 * module. The {@code weir} script starts every {@code weir bench ...} on the bench module's class
 * path ({@code dev.weir.bench.BenchMain}, or {@code DistributedKeyedCountMain} for
 * {@code distributed-keyed-count}): the harness injects failures with the test kit and runs the
 * embedded broker, and neither belongs on an example's compile class path. Reached only when
 * the CLI is started without the script, it says so.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a benchmark workload (see docs/benchmarks.md) and print one JSON line per run: "
        + "keyed-count, keyed-count-recovery, big-state-checkpoint, plain-java, kafka-keyed-count, "
        + "distributed-keyed-count. Runs on the bench module's class path: ./weir bench --help.")
public final class BenchCommand implements Callable<Integer> {

  @Unmatched
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    throw new IllegalStateException("bench runs on the bench module's class path "
        + "(dev.weir.bench.BenchMain): start it with ./weir bench " + String.join(" ", args));
  }
}
