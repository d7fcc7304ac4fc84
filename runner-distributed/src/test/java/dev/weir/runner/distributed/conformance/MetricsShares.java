package dev.weir.runner.distributed.conformance;

import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.StepMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Worker processes' shares of their jobs' step metrics, as files a test reads: a worker's share
 * of job {@code j} is {@code <root>/<j>/<worker>.metrics}, rewritten whole (renamed into place)
 * when it changed. The distributed runner does not gather metrics across processes yet, so the
 * conformance test's worker processes publish them this way ({@link ConformanceWorkerMain}).
 *
 * <p>A share is text: a line {@code final true|false} ({@code true} once the worker left the
 * job, so the counts no longer change), then a line per step: name, records in, records out,
 * side output records dropped, watermark, separated by tabs.
 */
final class MetricsShares {
  private MetricsShares() {
  }

  /** One worker's share of a job's metrics. */
  record Share(String worker, boolean complete, JobMetrics metrics) {
  }

  static String format(boolean complete, JobMetrics m) {
    StringBuilder out = new StringBuilder("final " + complete + "\n");
    for (StepMetrics s : m.steps().values()) {
      out.append(s.stepName()).append('\t').append(s.recordsIn()).append('\t')
          .append(s.recordsOut()).append('\t').append(s.sideOutputDropped()).append('\t')
          .append(s.watermark()).append('\n');
    }
    return out.toString();
  }

  /** Writes a share (formatted by {@link #format}) unless the file holds it already. */
  static void write(Path root, String jobId, String worker, String text) {
    Path dir = root.resolve(jobId);
    Path file = dir.resolve(worker + ".metrics");
    Path partial = dir.resolve(worker + ".metrics.partial");
    try {
      Files.createDirectories(dir);
      Files.writeString(partial, text, StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The shares of job {@code jobId} written so far. */
  static List<Share> read(Path root, String jobId) {
    List<Share> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(root.resolve(jobId))) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".metrics")).sorted().toList();
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the metrics of job " + jobId, e);
    }
    for (Path f : files) {
      List<String> lines;
      try {
        lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
      Map<String, StepMetrics> steps = new LinkedHashMap<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.split("\t");
        steps.put(c[0], new StepMetrics(c[0], Long.parseLong(c[1]), Long.parseLong(c[2]),
            Long.parseLong(c[3]), Long.parseLong(c[4])));
      }
      String name = f.getFileName().toString();
      out.add(new Share(name.substring(0, name.length() - ".metrics".length()),
          lines.get(0).equals("final true"), new JobMetrics(steps, List.of())));
    }
    return out;
  }
}
