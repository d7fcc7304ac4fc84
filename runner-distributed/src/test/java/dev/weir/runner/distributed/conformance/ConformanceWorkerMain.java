package dev.weir.runner.distributed.conformance;

import dev.weir.runner.distributed.Worker;
import dev.weir.runner.distributed.WorkerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A worker process for the conformance suite: {@link WorkerMain}'s options, then
 * {@code --clock-file FILE --metrics-dir DIR}. Its subtasks' processing time is a
 * {@link FileClock} on {@code FILE}, which the test drives; every 20 ms it publishes its share
 * of each job's metrics to {@code DIR} ({@link MetricsShares}), and a final share once it left
 * the job.
 */
public final class ConformanceWorkerMain {
  private ConformanceWorkerMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    List<String> workerArgs = new ArrayList<>(List.of(args));
    Path clockFile = Path.of(option(workerArgs, "--clock-file"));
    Path metricsDir = Path.of(option(workerArgs, "--metrics-dir"));
    String name = workerArgs.get(workerArgs.indexOf("--name") + 1);
    Worker worker = WorkerMain.parse(workerArgs.toArray(String[]::new))
        .clock(new FileClock(clockFile)).start();
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "weir-worker-shutdown"));
    Thread publisher = new Thread(() -> publish(worker, name, metricsDir), "metrics-publisher");
    publisher.setDaemon(true);
    publisher.start();
    System.out.println("conformance worker " + name + " started");
    worker.awaitClose();
  }

  /** Removes {@code option} and its value from {@code args}; returns the value. */
  private static String option(List<String> args, String option) {
    int i = args.indexOf(option);
    if (i < 0 || i + 1 >= args.size()) {
      throw new IllegalArgumentException(option + " VALUE is required");
    }
    String value = args.get(i + 1);
    args.subList(i, i + 2).clear();
    return value;
  }

  private static void publish(Worker worker, String name, Path root) {
    Map<String, String> written = new HashMap<>();
    Set<String> running = new HashSet<>();
    while (true) {
      Set<String> now = new HashSet<>(worker.jobs());
      Set<String> left = new HashSet<>(running);
      left.removeAll(now);
      running.addAll(now);
      for (String job : running) {
        boolean complete = left.contains(job);
        worker.metrics(job).ifPresent(m -> {
          String text = MetricsShares.format(complete, m);
          if (!text.equals(written.get(job))) {
            MetricsShares.write(root, job, name, text);
            written.put(job, text);
          }
        });
      }
      running.removeAll(left);
      left.forEach(written::remove);
      try {
        Thread.sleep(20); // a publishing period, not a synchronization: readers await the files
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
