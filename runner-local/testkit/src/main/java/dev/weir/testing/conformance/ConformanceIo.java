package dev.weir.testing.conformance;

import dev.weir.sdk.types.Coder;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.PushSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inputs a test pushes to and the outputs it reads from one run of a conformance case, by
 * name: {@link CollectingSink}s and {@link PushSource}s kept in this JVM ({@link #inMemory()}),
 * or backed by files under a directory that every process of the job shares
 * ({@link #inDirectory(Path)}), for a runner whose workers run in other processes. The case's
 * pipeline and the test ask for the same names and get the same sink or source (in memory: the
 * same object; in a directory: objects on the same files).
 *
 * <pre>{@code
 * ConformanceIo io = ConformanceIo.inMemory();
 * // in the pipeline:   stream.write("out", io.sink("out", Types.LONG));
 * // in the test:       assertThat(io.sink("out", Types.LONG).results()).contains(42L);
 * }</pre>
 *
 * <h2>Threading</h2>
 * Thread-safe.
 */
public final class ConformanceIo {
  private final Path root;
  private final Map<String, Object> byName = new ConcurrentHashMap<>();

  private ConformanceIo(Path root) {
    this.root = root;
  }

  /** Sinks and sources in this JVM: the job must run here. */
  public static ConformanceIo inMemory() {
    return new ConformanceIo(null);
  }

  /**
   * Sinks and sources backed by files under {@code root} ({@code root/<name>}): a job in other
   * processes that makes its own {@code ConformanceIo} on the same directory writes what this
   * one reads. Use a fresh directory per run.
   */
  public static ConformanceIo inDirectory(Path root) {
    return new ConformanceIo(Objects.requireNonNull(root, "root"));
  }

  /**
   * The job arguments that carry this to other processes, read back by
   * {@link ConformancePipeline#create(dev.weir.sdk.PipelineOptions, List)}.
   *
   * @throws IllegalStateException for {@link #inMemory()}, which cannot leave this JVM
   */
  public List<String> args() {
    if (root == null) {
      throw new IllegalStateException("an in-memory ConformanceIo cannot be passed to other "
          + "processes; use ConformanceIo.inDirectory(dir)");
    }
    return List.of(root.toAbsolutePath().toString());
  }

  /** The sink named {@code name}, whose records are coded with {@code coder}. */
  @SuppressWarnings("unchecked")
  public <T> CollectingSink<T> sink(String name, Coder<T> coder) {
    Objects.requireNonNull(coder, "coder");
    return (CollectingSink<T>) byName.computeIfAbsent("sink:" + name, k -> root == null
        ? CollectingSink.create() : CollectingSink.inDirectory(root.resolve("sink-" + name), coder));
  }

  /** The push source named {@code name}, whose records are coded with {@code coder}. */
  @SuppressWarnings("unchecked")
  public <T> PushSource<T> pushSource(String name, Coder<T> coder) {
    Objects.requireNonNull(coder, "coder");
    return (PushSource<T>) byName.computeIfAbsent("source:" + name, k -> root == null
        ? PushSource.create(coder) : PushSource.inDirectory(root.resolve("source-" + name), coder));
  }

  @Override
  public String toString() {
    return root == null ? "ConformanceIo(in memory)" : "ConformanceIo(" + root + ")";
  }
}
