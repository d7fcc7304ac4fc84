package dev.weir.runner.distributed.internal.jars;

import dev.weir.runner.distributed.internal.protocol.JarHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's copies of the jars of the jobs it runs: each jar is fetched from the
 * {@link JarStore} once per SHA-256 into a temporary directory under the worker's directory,
 * verified whole, and shared by the jobs that name it; each job gets a {@link JobClassLoader}
 * of its own over the copy. Closing a job's {@link Lease} closes its loader; the copy is
 * deleted when no job uses it any more.
 *
 * <p>Thread-safe.
 */
public final class WorkerJars implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerJars.class);

  private final JarStore store;
  private final Path dir;
  private final ClassLoader parent;
  private final String worker;
  private final Map<String, Copy> copies = new HashMap<>();

  /** A fetched jar and how many jobs use it. */
  private static final class Copy {
    final Path file;
    final JarHeader header;
    int users;

    Copy(Path file, JarHeader header) {
      this.file = file;
      this.header = header;
    }
  }

  /**
   * @param workDir the worker's directory; the copies go to a new temporary directory in it
   * @param parent the loader of Weir and its dependencies, parent of every job's loader
   */
  public WorkerJars(JarStore store, Path workDir, ClassLoader parent, String worker)
      throws IOException {
    this.store = store;
    Files.createDirectories(workDir);
    this.dir = Files.createTempDirectory(workDir, "jars-");
    this.parent = parent;
    this.worker = worker;
  }

  /** The directory the copies are in. */
  public Path directory() {
    return dir;
  }

  /**
   * A class loader for job {@code jobId} over its jar {@code sha256}, fetched and verified
   * unless this worker has it already.
   *
   * @throws RefusedJarException if the store does not hold the jar or its bytes do not match
   * @throws IOException if the store cannot be read or the copy not written
   */
  public synchronized Lease acquire(String jobId, String factoryClass, String sha256)
      throws IOException {
    Copy copy = copies.get(sha256);
    if (copy == null) {
      Path file = dir.resolve(sha256 + ".jar");
      long start = System.nanoTime();
      JarHeader header = store.fetch(jobId, factoryClass, sha256, file);
      LOG.info("Worker {}: fetched jar {} ({}, {} bytes) for job '{}' in {} ms", worker,
          header.name(), sha256, header.sizeBytes(), jobId,
          (System.nanoTime() - start) / 1_000_000);
      copy = new Copy(file, header);
      copies.put(sha256, copy);
    }
    copy.users++;
    JobClassLoader loader = new JobClassLoader(jobId, copy.file.toUri().toURL(), parent);
    return new Lease(jobId, sha256, copy.header, loader);
  }

  private synchronized void release(Lease lease) {
    try {
      lease.loader.close();
    } catch (IOException e) {
      LOG.warn("Worker {}: closing the class loader of job '{}' failed: {}", worker,
          lease.jobId, e.toString());
    }
    Copy copy = copies.get(lease.sha256);
    if (copy != null && --copy.users == 0) {
      copies.remove(lease.sha256);
      delete(copy.file);
      LOG.info("Worker {}: unloaded job '{}'; deleted its jar {} ({}), which no job here uses",
          worker, lease.jobId, copy.header.name(), lease.sha256);
    } else {
      LOG.info("Worker {}: unloaded job '{}' (jar {} stays: other jobs here use it)", worker,
          lease.jobId, lease.sha256);
    }
  }

  private void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The job has left already; a stale copy costs only disk space.
      LOG.error("Worker {}: cannot delete its copy of a jar, {}; delete it by hand: {}", worker,
          file, e.toString());
    }
  }

  /** Deletes every copy and the directory (the worker stops; its jobs have left). */
  @Override
  public synchronized void close() {
    copies.values().forEach(c -> delete(c.file));
    copies.clear();
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LOG.warn("Worker {}: cannot delete {}: {}", worker, dir, e.toString());
    }
  }

  /** One job's use of a jar: its class loader, until closed. */
  public final class Lease implements AutoCloseable {
    private final String jobId;
    private final String sha256;
    private final JarHeader header;
    private final JobClassLoader loader;
    private boolean closed;

    private Lease(String jobId, String sha256, JarHeader header, JobClassLoader loader) {
      this.jobId = jobId;
      this.sha256 = sha256;
      this.header = header;
      this.loader = loader;
    }

    /** The job's class loader. */
    public ClassLoader loader() {
      return loader;
    }

    /** The jar's header (name, size). */
    public JarHeader header() {
      return header;
    }

    /** Closes the job's loader; deletes the jar's copy if no other job uses it. */
    @Override
    public void close() {
      synchronized (WorkerJars.this) {
        if (closed) {
          return;
        }
        closed = true;
        release(this);
      }
    }
  }
}
