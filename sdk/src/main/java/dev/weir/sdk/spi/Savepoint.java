package dev.weir.sdk.spi;

import dev.weir.sdk.checkpoint.BlobNotFoundException;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.KeyedStateHandles;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.checkpoint.StepSnapshot;
import dev.weir.sdk.checkpoint.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A savepoint: a checkpoint taken on request and copied out of the checkpoint store into a
 * directory of its own, so that it is
 * <ul>
 *   <li><b>self-contained</b>: every blob the checkpoint needs (full snapshots, the deltas of
 *       incremental chains, operator state) is a file in the directory;</li>
 *   <li><b>relocatable</b>: blob locations are relative to the directory ({@code
 *       savepoint:blobs/<n>.avro}), so the directory can be copied or moved anywhere, also to
 *       another machine, and restored from there;</li>
 *   <li><b>kept</b>: the store's retention never sees it; it lives until {@link #delete()}.</li>
 * </ul>
 *
 * <p>Layout of {@code <parent>/savepoint-<job>-<checkpoint id>/}:
 * <pre>
 *   manifest.avro     the checkpoint manifest (an Avro container file, see
 *                     CheckpointManifestFormat), with {@code savepoint = true}
 *   blobs/1.avro ...  the state blobs, byte for byte as the store held them (Avro container
 *                     files of the checkpoint format)
 * </pre>
 * Standard Avro tools read every file. A savepoint is written into a hidden temporary directory
 * and renamed into place when complete, so a directory with a manifest is a whole savepoint.
 *
 * <pre>{@code
 * Path sp = result.savepoint(Path.of("savepoints")).get();      // on a running job
 * LocalRunner.builder().checkpointStore(store).fromSavepoint(sp).build().run(pipeline);
 * }</pre>
 *
 * <p>Thread-safe: a savepoint is read-only once written.
 */
public final class Savepoint {
  /** The manifest's file name in a savepoint directory. */
  public static final String MANIFEST_FILE = "manifest.avro";
  /** The directory of the blobs in a savepoint directory. */
  public static final String BLOBS_DIR = "blobs";
  /** The prefix of blob locations in a savepoint's manifest. */
  public static final String LOCATION_PREFIX = "savepoint:";
  /** The prefix of a savepoint directory's name. */
  public static final String DIRECTORY_PREFIX = "savepoint-";

  private final Path directory;
  private final CheckpointManifest manifest;

  private Savepoint(Path directory, CheckpointManifest manifest) {
    this.directory = directory;
    this.manifest = manifest;
  }

  /**
   * Copies checkpoint {@code checkpoint} (complete, in {@code source}) into a new savepoint
   * directory under {@code parent}, verifying every blob (length and checksum) as it is read.
   *
   * @return the savepoint
   * @throws FileAlreadyExistsException if that checkpoint was saved under {@code parent} already
   * @throws IOException if a blob is missing or corrupt in the store (nothing is left behind), or
   *     the directory cannot be written (naming it)
   */
  public static Savepoint write(CheckpointStore source, CheckpointManifest checkpoint,
      Path parent) throws IOException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Files.createDirectories(parent);
    String name = DIRECTORY_PREFIX + checkpoint.jobId() + "-" + checkpoint.checkpointId();
    Path target = parent.resolve(name);
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "checkpoint "
          + checkpoint.checkpointId() + " of job '" + checkpoint.jobId() + "' was saved there "
          + "already; delete it or choose another directory");
    }
    Path tmp = Files.createTempDirectory(parent, "." + name + "-");
    try {
      Path blobs = Files.createDirectory(tmp.resolve(BLOBS_DIR));
      Map<String, StateHandle> copied = new HashMap<>();
      for (StateHandle h : checkpoint.referencedHandles()) {
        String file = (copied.size() + 1) + ".avro";
        try (InputStream in = source.openBlob(h);
            OutputStream out = Files.newOutputStream(blobs.resolve(file))) {
          in.transferTo(out);
        }
        copied.put(h.location(), new StateHandle(h.jobId(), h.checkpointId(),
            LOCATION_PREFIX + BLOBS_DIR + "/" + file, h.length(), h.checksum()));
      }
      CheckpointManifest saved = relocate(checkpoint, copied);
      try (OutputStream out = Files.newOutputStream(tmp.resolve(MANIFEST_FILE))) {
        CheckpointManifestFormat.encode(saved, out);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
      return new Savepoint(target, saved);
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
  }

  /**
   * Opens the savepoint in {@code directory}.
   *
   * @throws NoSuchFileException if the directory has no manifest (naming what is missing: not
   *     a savepoint directory, or one still being written)
   * @throws IOException if the manifest cannot be read or is not a savepoint's
   */
  public static Savepoint open(Path directory) throws IOException {
    Path file = directory.resolve(MANIFEST_FILE);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "not a savepoint: " + directory
          + " has no " + MANIFEST_FILE + " (give the directory that 'weir savepoints list' "
          + "shows, e.g. <dir>/" + DIRECTORY_PREFIX + "<job>-<id>)");
    }
    CheckpointManifest m;
    try (InputStream in = Files.newInputStream(file)) {
      m = CheckpointManifestFormat.decode(in);
    } catch (IOException e) {
      throw new IOException("cannot read the savepoint manifest " + file + ": " + e.getMessage(),
          e);
    }
    if (!m.savepoint()) {
      throw new IOException(file + " is a checkpoint manifest, not a savepoint's");
    }
    for (StateHandle h : m.referencedHandles()) {
      if (!h.location().startsWith(LOCATION_PREFIX)) {
        throw new IOException(file + " names " + h.describe() + ", which is not a file of the "
            + "savepoint (locations start with '" + LOCATION_PREFIX + "')");
      }
    }
    return new Savepoint(directory, m);
  }

  /** The savepoints directly under {@code parent}, oldest checkpoint first per job. */
  public static List<Savepoint> list(Path parent) throws IOException {
    List<Savepoint> out = new ArrayList<>();
    if (!Files.isDirectory(parent)) {
      return out;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, DIRECTORY_PREFIX + "*")) {
      for (Path d : dirs) {
        if (Files.isRegularFile(d.resolve(MANIFEST_FILE))) {
          out.add(open(d));
        }
      }
    }
    out.sort(Comparator.comparing((Savepoint s) -> s.manifest.jobId())
        .thenComparingLong(s -> s.manifest.checkpointId()));
    return out;
  }

  /** The savepoint's directory. */
  public Path directory() {
    return directory;
  }

  /** The savepoint's manifest; its blob locations are relative to {@link #directory()}. */
  public CheckpointManifest manifest() {
    return manifest;
  }

  /** The bytes of all the savepoint's blobs. */
  public long totalBytes() {
    return manifest.totalBytes();
  }

  /**
   * The savepoint as a read-only store: {@link CheckpointStore#openBlob(StateHandle)} reads
   * (and verifies) its blobs, {@link CheckpointStore#listCheckpoints} lists its one manifest
   * (for any job id); writes are refused.
   */
  public CheckpointStore store() {
    return new ReadOnlyStore();
  }

  /** Deletes the savepoint's directory. */
  public void delete() throws IOException {
    // The manifest first: a half-deleted savepoint is no longer taken for a whole one.
    Files.deleteIfExists(directory.resolve(MANIFEST_FILE));
    deleteTree(directory);
  }

  @Override
  public String toString() {
    return "savepoint " + directory + " (checkpoint " + manifest.checkpointId() + " of job '"
        + manifest.jobId() + "')";
  }

  private static CheckpointManifest relocate(CheckpointManifest m, Map<String, StateHandle> to) {
    return new CheckpointManifest(m.jobId(), m.runId(), m.checkpointId(), m.timestampMillis(),
        m.planFingerprint(), m.maxParallelism(), true, m.finished(), relocatedSteps(m, to));
  }

  /**
   * The steps of {@code m} with every blob handle replaced by {@code to.get(its location)}: for
   * a checkpoint whose blobs were copied to another place (a savepoint directory, another
   * store).
   */
  public static List<StepSnapshot> relocatedSteps(CheckpointManifest m,
      Map<String, StateHandle> to) {
    List<StepSnapshot> steps = new ArrayList<>();
    for (StepSnapshot s : m.steps()) {
      List<KeyedStateHandles> keyed = new ArrayList<>();
      for (KeyedStateHandles k : s.keyed()) {
        keyed.add(new KeyedStateHandles(k.keyGroupStart(), k.keyGroupEndInclusive(),
            to.get(k.full().location()), k.deltas().stream().map(d -> to.get(d.location()))
                .toList()));
      }
      List<OperatorStateHandle> ops = s.operatorState().stream().map(o -> new OperatorStateHandle(
          o.kind(), o.subtask(), o.schema(), to.get(o.handle().location()))).toList();
      steps.add(new StepSnapshot(s.stepName(), keyed, ops, s.stateSchemas()));
    }
    return steps;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The savepoint's files as a store that can only be read. */
  private final class ReadOnlyStore implements CheckpointStore {
    @Override
    public BlobWriter openBlob(String jobId, long checkpointId) {
      throw readOnly();
    }

    @Override
    public InputStream openBlob(StateHandle handle) throws IOException {
      String location = handle.location();
      if (!location.startsWith(LOCATION_PREFIX)) {
        throw new BlobNotFoundException(handle, directory.toString(),
            "not a blob of this savepoint");
      }
      Path file = directory.resolve(location.substring(LOCATION_PREFIX.length())).normalize();
      if (!file.startsWith(directory.normalize()) || !Files.isRegularFile(file)) {
        throw new BlobNotFoundException(handle, file.toString(), "the savepoint's file is "
            + "missing; the savepoint directory was not copied whole");
      }
      return new VerifyingInputStream(Files.newInputStream(file), handle, file.toString());
    }

    @Override
    public void writeManifest(CheckpointManifest m) {
      throw readOnly();
    }

    /** The savepoint's one manifest, whatever {@code jobId}: a job may restore it under any name. */
    @Override
    public List<CheckpointManifest> listCheckpoints(String jobId) {
      return List.of(manifest);
    }

    @Override
    public Optional<CheckpointManifest> manifest(String jobId, long checkpointId) {
      return listCheckpoints(jobId).stream().filter(m -> m.checkpointId() == checkpointId)
          .findFirst();
    }

    @Override
    public long highestCheckpointId(String jobId) {
      return manifest.checkpointId();
    }

    @Override
    public void discard(String jobId, Collection<Long> checkpointIds,
        Collection<StateHandle> unreferencedHandles) {
      throw readOnly();
    }

    @Override
    public List<String> jobs() {
      return List.of(manifest.jobId());
    }

    @Override
    public void close() {
    }

    private UnsupportedOperationException readOnly() {
      return new UnsupportedOperationException(Savepoint.this + " is read-only: a job restored "
          + "from it writes its checkpoints to its own checkpoint store");
    }

    @Override
    public String toString() {
      return Savepoint.this.toString();
    }
  }
}
