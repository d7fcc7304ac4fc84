package dev.weir.cli;

import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.StepSnapshot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Chronicle Queue checkpoint store opened by an offline tool, with lookups that fail with an
 * {@link InspectionException} naming what is missing and what exists.
 *
 * <p>Opening checks, before the store itself is opened, that the directory exists, holds the
 * store's lock file (so the tool never turns an arbitrary directory into a store) and that no
 * running job holds that lock. Close it to release the lock.
 */
final class OfflineStore implements AutoCloseable {

  /** The lock file every {@link ChronicleQueueCheckpointStore} directory holds. */
  static final String LOCK_FILE = ".weir-store.lock";

  private final Path dir;
  private final ChronicleQueueCheckpointStore store;

  private OfflineStore(Path dir, ChronicleQueueCheckpointStore store) {
    this.dir = dir;
    this.store = store;
  }

  /**
   * Opens the store in {@code dir}.
   *
   * @throws InspectionException if {@code dir} is missing, not a store, or in use
   * @throws IOException if the store cannot be read
   */
  static OfflineStore open(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      throw new InspectionException("no checkpoint store at " + dir
          + ": the directory does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new InspectionException("no checkpoint store at " + dir + ": it is not a directory");
    }
    Path lockFile = dir.resolve(LOCK_FILE);
    if (!Files.isRegularFile(lockFile)) {
      throw new InspectionException("no checkpoint store at " + dir + ": it has no " + LOCK_FILE
          + " file; give the directory the job's ChronicleQueueCheckpointStore was opened on");
    }
    checkNotLocked(dir, lockFile);
    return new OfflineStore(dir, ChronicleQueueCheckpointStore.open(dir));
  }

  /**
   * Fails if another store instance (a running job, in this or another process) holds the lock.
   * The store would refuse too; this check says why in the words of an offline tool.
   */
  private static void checkNotLocked(Path dir, Path lockFile) throws IOException {
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new InspectionException("checkpoint store " + dir + " is in use: a running job "
            + "(or another tool) holds " + lockFile + "; stop the job first, or inspect a copy "
            + "of the directory");
      }
      lock.release();
    }
  }

  /** The store directory. */
  Path directory() {
    return dir;
  }

  /** The underlying store, for reading blobs. */
  CheckpointStore store() {
    return store;
  }

  /** The jobs of the store, sorted. */
  List<String> jobs() throws IOException {
    return store.jobs();
  }

  /**
   * The jobs a command covers: {@code job} if given (it must exist), else every job.
   *
   * @throws InspectionException if {@code job} is not in the store
   */
  List<String> jobs(String job) throws IOException {
    List<String> jobs = store.jobs();
    if (job == null) {
      return jobs;
    }
    if (!jobs.contains(job)) {
      throw new InspectionException("no job '" + job + "' in checkpoint store " + dir + "; "
          + describeJobs(jobs));
    }
    return List.of(job);
  }

  /**
   * The one job a command works on: {@code job} if given (it must exist), else the only job
   * of the store.
   *
   * @throws InspectionException if {@code job} is not in the store, or it is null and the
   *     store holds no job or several
   */
  String job(String job) throws IOException {
    if (job != null) {
      return jobs(job).get(0);
    }
    List<String> jobs = store.jobs();
    if (jobs.size() == 1) {
      return jobs.get(0);
    }
    if (jobs.isEmpty()) {
      throw new InspectionException("checkpoint store " + dir + " holds no jobs");
    }
    throw new InspectionException("checkpoint store " + dir + " holds " + jobs.size()
        + " jobs (" + quoted(jobs) + "); pick one with --job");
  }

  /**
   * The retained checkpoint {@code id} of {@code job}.
   *
   * @throws InspectionException if it is not retained, listing the ids that are
   */
  CheckpointManifest checkpoint(String job, long id) throws IOException {
    List<CheckpointManifest> retained = store.listCheckpoints(job);
    return retained.stream().filter(m -> m.checkpointId() == id).findFirst()
        .orElseThrow(() -> new InspectionException("no checkpoint " + id + " for job '" + job
            + "'; retained: " + (retained.isEmpty() ? "none" : retained.stream()
                .map(m -> String.valueOf(m.checkpointId())).collect(Collectors.joining(", ")))));
  }

  /**
   * The snapshot of step {@code name} in {@code manifest}.
   *
   * @throws InspectionException if the checkpoint has no such step, listing the steps it has
   */
  static StepSnapshot step(CheckpointManifest manifest, String name) {
    return manifest.step(name).orElseThrow(() -> new InspectionException("no step '" + name
        + "' in " + manifest.describe() + "; steps: " + (manifest.steps().isEmpty() ? "none"
            : manifest.steps().stream().map(StepSnapshot::stepName)
                .collect(Collectors.joining(", ")))));
  }

  private String describeJobs(List<String> jobs) {
    return jobs.isEmpty() ? "the store holds no jobs" : "jobs: " + quoted(jobs);
  }

  private static String quoted(List<String> jobs) {
    return jobs.stream().map(j -> "'" + j + "'").collect(Collectors.joining(", "));
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
