package dev.weir.io.kafka;

import dev.weir.io.kafka.internal.store.BlobLocation;
import dev.weir.io.kafka.internal.store.ChunkedBlobWriter;
import dev.weir.io.kafka.internal.store.IdempotentManifestWrites;
import dev.weir.io.kafka.internal.store.KafkaBlobInputStream;
import dev.weir.io.kafka.internal.store.KnownBlobs;
import dev.weir.io.kafka.internal.store.ManifestIndex;
import dev.weir.io.kafka.internal.store.ManifestLog;
import dev.weir.io.kafka.internal.store.ManifestWrites;
import dev.weir.io.kafka.internal.store.StateTopic;
import dev.weir.io.kafka.internal.store.StoreSettings;
import dev.weir.io.kafka.internal.store.TopicProvisioner;
import dev.weir.io.kafka.internal.store.TransactionalManifestWrites;
import dev.weir.io.kafka.internal.store.TrimPolicy;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * A {@link CheckpointStore} in Kafka: state blobs as chunks in a state topic, manifests in a
 * manifest topic, both with one partition.
 *
 * <pre>{@code
 * try (KafkaCheckpointStore store = KafkaCheckpointStore.create(
 *     Map.of("bootstrap.servers", "broker:9092", "security.protocol", "SASL_SSL", ...))) {
 *   LocalRunner.builder().checkpointStore(store).build().run(pipeline);
 * }
 * }</pre>
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>State topic</b> (default {@value #DEFAULT_STATE_TOPIC}): each blob is a run of
 *       chunk records of at most {@link Builder#chunkBytes} bytes (default 512 KiB), key = job
 *       id, headers {@code weir.cp} (checkpoint id), {@code weir.blob} (random blob id),
 *       {@code weir.seq} (chunk number) and on the last chunk {@code weir.last} (the blob's
 *       length). Chunks of blobs written concurrently interleave; a reader skips foreign ones.
 *       A handle's location is {@code kafka:<topic>:<partition>:<firstOffset>-<lastOffset>},
 *       so a read seeks straight to the blob and streams it chunk by chunk, verifying length
 *       and CRC32C.</li>
 *   <li><b>Manifest topic</b> (default {@value #DEFAULT_MANIFEST_TOPIC}): key
 *       {@code <job>#<id>}, header {@code weir.type}: {@code manifest} (value: the manifest's
 *       Avro bytes, written last, after every blob it references is durable),
 *       {@code discard} (a tombstone: the checkpoint was discarded) or {@code attempt} (an
 *       empty marker written when a job first opens a blob for a new checkpoint id, so that
 *       {@link #highestCheckpointId} counts attempts that never completed). Listing reads
 *       this topic into a cache and reads only what is new on every call, with
 *       {@code isolation.level=read_committed}: transactional writes count once committed.</li>
 * </ul>
 * Both topics are created on first use with one partition, {@code retention.ms=-1} and the
 * configured replication factor (the broker's default unless set). Topics that exist are used
 * as they are; time or size retention or compaction on them is logged as a warning.
 *
 * <h2>Writes</h2>
 * One idempotent producer ({@code acks=all}) serves all writers; {@link BlobWriter#finish()}
 * flushes it and waits for the blob's chunks to be acknowledged. A fenced view adds its own
 * transactional producer for the manifest topic.
 *
 * <h2>Fenced writes</h2>
 * A job's checkpoint coordinator that may be deposed while it is paused (the distributed
 * runner) writes through {@link #fencedFor(String)}: its manifests, discards and attempt
 * markers go through a transactional producer, and a newer view with the same transactional id
 * fences the older one, whose writes then fail and stay invisible.
 *
 * <h2>Retention</h2>
 * {@link #discard} writes tombstones for the discarded ids; the checkpoints vanish from the
 * listing at once. Then the state topic's records below the lowest offset still needed are
 * deleted with {@code Admin.deleteRecords}: needed are the blobs of every listed checkpoint of
 * every job sharing the topic, and everything from the start of each attempt newer than its
 * job's newest manifest (recorded in its attempt marker). Space is freed in offset order, so a
 * long-retained checkpoint (e.g. a savepoint) keeps everything written after it.
 *
 * <h2>Threading</h2>
 * Thread-safe: blobs are written and read in parallel; manifest writes and discards are
 * serialized with the reads of the manifest topic.
 *
 * <h2>Structure</h2>
 * This class is the facade over the parts in {@code dev.weir.io.kafka.internal.store}: the
 * topic provisioner, the chunked blob writer and reader, the manifest log and its index, and
 * the trim policy that decides what retention deletes.
 *
 * <h2>Configuration</h2>
 * Every Kafka client property given to {@link #create(Map)} passes through to the producer,
 * consumers and admin client that accept it (SASL, SSL, timeouts...). The store's own keys
 * ({@value #STATE_TOPIC_CONFIG}, {@value #MANIFEST_TOPIC_CONFIG}, {@value #CHUNK_BYTES_CONFIG},
 * {@value #REPLICATION_FACTOR_CONFIG}) are taken out first. The store forces byte-array
 * serializers, {@code acks=all} and idempotence.
 *
 * <p>About 520 lines, half of them javadoc and the public {@link Builder}: the class is the
 * store's facade; its parts (topic provisioning, chunked blob writing, the manifest log and
 * index, trimming, known blobs, fenced writes) are classes of their own in
 * {@code internal.store}.
 */
public final class KafkaCheckpointStore implements CheckpointStore {

  /** The default state topic. */
  public static final String DEFAULT_STATE_TOPIC = "weir-checkpoint-state";
  /** The default manifest topic. */
  public static final String DEFAULT_MANIFEST_TOPIC = "weir-checkpoint-manifests";
  /** The default chunk size: 512 KiB, below Kafka's default 1 MiB message size. */
  public static final int DEFAULT_CHUNK_BYTES = 512 * 1024;

  /** Property naming the state topic. */
  public static final String STATE_TOPIC_CONFIG = "weir.checkpoint.state.topic";
  /** Property naming the manifest topic. */
  public static final String MANIFEST_TOPIC_CONFIG = "weir.checkpoint.manifest.topic";
  /** Property giving the chunk size in bytes. */
  public static final String CHUNK_BYTES_CONFIG = "weir.checkpoint.chunk.bytes";
  /** Property giving the replication factor of the topics the store creates. */
  public static final String REPLICATION_FACTOR_CONFIG = "weir.checkpoint.replication.factor";

  private final StoreSettings settings;
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;
  private final TopicProvisioner topics;
  private final StateTopic stateTopic;
  private final ManifestLog manifests;
  private final ManifestWrites unfenced;
  private final KnownBlobs known;
  private final Set<FencedCheckpointStore> views = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private KafkaCheckpointStore(StoreSettings settings) {
    this.settings = settings;
    this.admin = Admin.create(settings.adminProperties());
    try {
      this.producer = new KafkaProducer<>(settings.producerProperties());
    } catch (RuntimeException e) {
      admin.close(Duration.ZERO);
      throw e;
    }
    this.topics = new TopicProvisioner(admin, settings, STATE_TOPIC_CONFIG, MANIFEST_TOPIC_CONFIG,
        REPLICATION_FACTOR_CONFIG);
    this.stateTopic = new StateTopic(admin, settings);
    this.manifests = new ManifestLog(settings);
    this.unfenced = new IdempotentManifestWrites(producer, settings);
    this.known = new KnownBlobs(settings);
  }

  /**
   * A store with the given Kafka client properties ({@code bootstrap.servers} at least) and
   * default topics, or those named by {@value #STATE_TOPIC_CONFIG} and
   * {@value #MANIFEST_TOPIC_CONFIG} among the properties.
   */
  public static KafkaCheckpointStore create(Map<String, ?> clientProperties) {
    return builder(clientProperties).build();
  }

  /** A builder over the given Kafka client properties (the store's own keys are read too). */
  public static Builder builder(Map<String, ?> clientProperties) {
    return new Builder(clientProperties);
  }

  /** Options of a {@link KafkaCheckpointStore}. */
  public static final class Builder {
    private final Map<String, Object> clientProperties = new HashMap<>();
    private String stateTopic = DEFAULT_STATE_TOPIC;
    private String manifestTopic = DEFAULT_MANIFEST_TOPIC;
    private int chunkBytes = DEFAULT_CHUNK_BYTES;
    private Optional<Short> replicationFactor = Optional.empty();
    private Duration timeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private Builder(Map<String, ?> props) {
      Objects.requireNonNull(props, "clientProperties");
      props.forEach((k, v) -> clientProperties.put(Objects.requireNonNull(k, "property name"),
          Objects.requireNonNull(v, () -> "value of property " + k)));
      Object s = clientProperties.remove(STATE_TOPIC_CONFIG);
      if (s != null) {
        stateTopic(s.toString());
      }
      Object m = clientProperties.remove(MANIFEST_TOPIC_CONFIG);
      if (m != null) {
        manifestTopic(m.toString());
      }
      Object c = clientProperties.remove(CHUNK_BYTES_CONFIG);
      if (c != null) {
        chunkBytes(Integer.parseInt(c.toString()));
      }
      Object r = clientProperties.remove(REPLICATION_FACTOR_CONFIG);
      if (r != null) {
        replicationFactor(Short.parseShort(r.toString()));
      }
    }

    /** The topic holding state blobs (property {@value #STATE_TOPIC_CONFIG}). */
    public Builder stateTopic(String topic) {
      this.stateTopic = requireTopic(topic);
      return this;
    }

    /** The topic holding manifests (property {@value #MANIFEST_TOPIC_CONFIG}). */
    public Builder manifestTopic(String topic) {
      this.manifestTopic = requireTopic(topic);
      return this;
    }

    /** Names both topics {@code <prefix>state} and {@code <prefix>manifests}. */
    public Builder topicPrefix(String prefix) {
      stateTopic(prefix + "state");
      return manifestTopic(prefix + "manifests");
    }

    /**
     * The size of a chunk record (property {@value #CHUNK_BYTES_CONFIG}); keep it below the
     * broker's {@code message.max.bytes}. Default 512 KiB.
     */
    public Builder chunkBytes(int bytes) {
      if (bytes < 1024 || bytes > 64 * 1024 * 1024) {
        throw new IllegalArgumentException("chunkBytes must be between 1 KiB and 64 MiB, was "
            + bytes);
      }
      this.chunkBytes = bytes;
      return this;
    }

    /**
     * The replication factor of topics the store creates (property
     * {@value #REPLICATION_FACTOR_CONFIG}); the broker's default unless set.
     */
    public Builder replicationFactor(short factor) {
      if (factor < 1) {
        throw new IllegalArgumentException("replicationFactor must be at least 1, was " + factor);
      }
      this.replicationFactor = Optional.of(factor);
      return this;
    }

    /** The clock that times out reads of the manifest topic (the system clock by default). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long a read or a topic operation may wait for the cluster. Default 30 s. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Creates the store; topics are created on first use. */
    public KafkaCheckpointStore build() {
      if (stateTopic.equals(manifestTopic)) {
        throw new IllegalArgumentException("the state topic and the manifest topic must differ,"
            + " both are '" + stateTopic + "'");
      }
      return new KafkaCheckpointStore(new StoreSettings(clientProperties, stateTopic,
          manifestTopic, chunkBytes, replicationFactor, timeout, clock));
    }

    private static String requireTopic(String topic) {
      Objects.requireNonNull(topic, "topic");
      if (topic.isEmpty()) {
        throw new IllegalArgumentException("topic name must not be empty");
      }
      return topic;
    }
  }

  /** The state topic. */
  public String stateTopic() {
    return settings.stateTopic();
  }

  /** The manifest topic. */
  public String manifestTopic() {
    return settings.manifestTopic();
  }

  // ---------------------------------------------------------------------------------- blobs

  @Override
  public BlobWriter openBlob(String jobId, long checkpointId) throws IOException {
    return openBlob(jobId, checkpointId, unfenced);
  }

  /** {@link #openBlob(String, long)}, writing the attempt marker through {@code writes}. */
  BlobWriter openBlob(String jobId, long checkpointId, ManifestWrites writes)
      throws IOException {
    requireJob(jobId);
    if (checkpointId < 1) {
      throw new IllegalArgumentException("checkpointId must be at least 1, was " + checkpointId);
    }
    ready();
    manifests.announceAttempt(jobId, checkpointId, stateTopic, writes);
    return new ChunkedBlobWriter(producer, settings, this::ensureOpen, known::add, jobId,
        checkpointId);
  }

  @Override
  public InputStream openBlob(StateHandle handle) throws IOException {
    Objects.requireNonNull(handle, "handle");
    ensureOpen();
    BlobLocation at = BlobLocation.of(handle, settings.stateTopic(), settings.where());
    topics.ensureTopics();
    return KafkaBlobInputStream.openVerified(settings, at, handle);
  }

  /**
   * Takes {@code handles} as blobs that another instance of this store finished in the same
   * state topic, so a manifest that references them is written without reading their last
   * chunk back from the brokers. For a caller that knows the writer finished them: the
   * distributed runner's coordinator passes the blobs a subtask acknowledged, which its
   * process acknowledges only after the brokers acknowledged every chunk. A restore still
   * verifies each blob it reads (length and checksum), so a wrong handle is found then.
   *
   * @throws IllegalArgumentException naming the handle if its location is not a blob of this
   *     store's state topic
   */
  public void acceptFinishedBlobs(Collection<StateHandle> handles) {
    Objects.requireNonNull(handles, "handles");
    for (StateHandle h : handles) {
      BlobLocation at = BlobLocation.parse(h.location());
      if (at == null || !at.topic().equals(settings.stateTopic())) {
        throw new IllegalArgumentException(h.describe() + " is not a blob of this store's "
            + "state topic '" + settings.stateTopic() + "'");
      }
    }
    handles.forEach(known::add);
  }

  // ------------------------------------------------------------------------------ manifests

  @Override
  public void writeManifest(CheckpointManifest manifest) throws IOException {
    writeManifest(manifest, unfenced);
  }

  /** {@link #writeManifest(CheckpointManifest)} through {@code writes}. */
  void writeManifest(CheckpointManifest manifest, ManifestWrites writes) throws IOException {
    Objects.requireNonNull(manifest, "manifest");
    ready();
    known.requireAll(manifest);
    manifests.append(manifest, writes);
  }

  @Override
  public List<CheckpointManifest> listCheckpoints(String jobId) throws IOException {
    Objects.requireNonNull(jobId, "jobId");
    ready();
    return manifests.read(index -> index.manifests(jobId));
  }

  @Override
  public Optional<CheckpointManifest> manifest(String jobId, long checkpointId)
      throws IOException {
    Objects.requireNonNull(jobId, "jobId");
    ready();
    return manifests.read(index -> index.manifest(jobId, checkpointId));
  }

  /**
   * The highest id among this job's manifests and the attempts recorded when blobs were
   * opened for a new checkpoint id (see the class description).
   */
  @Override
  public long highestCheckpointId(String jobId) throws IOException {
    Objects.requireNonNull(jobId, "jobId");
    ready();
    return manifests.read(index -> index.highestSeen(jobId));
  }

  @Override
  public List<String> jobs() throws IOException {
    ready();
    return manifests.read(ManifestIndex::jobs);
  }

  // ------------------------------------------------------------------------------ retention

  @Override
  public void discard(String jobId, Collection<Long> checkpointIds,
      Collection<StateHandle> unreferencedHandles) throws IOException {
    discard(jobId, checkpointIds, unreferencedHandles, unfenced);
  }

  /**
   * {@link #discard(String, Collection, Collection)}, writing the tombstones through
   * {@code writes}; nothing is freed if that fails.
   */
  void discard(String jobId, Collection<Long> checkpointIds,
      Collection<StateHandle> unreferencedHandles, ManifestWrites writes) throws IOException {
    requireJob(jobId);
    Objects.requireNonNull(checkpointIds, "checkpointIds");
    Objects.requireNonNull(unreferencedHandles, "unreferencedHandles");
    ready();
    manifests.appendDiscards(jobId, checkpointIds, writes);
    record Listed(long highest, java.util.Set<String> referenced) {}
    Listed listed = manifests.read(index -> new Listed(index.highestListed(jobId),
        index.referencedLocations(jobId)));
    known.forget(jobId, unreferencedHandles, listed.highest(), listed.referenced());
    // The end offset first: blobs of attempts the manifests do not show yet lie above it.
    long end = stateTopic.endOffset();
    OptionalLong trim = manifests.read(index -> TrimPolicy.trimBelow(settings.stateTopic(), end,
        index.allManifests(), index.openAttemptStarts(), stateTopic.deletedBelow()));
    if (trim.isPresent()) {
      stateTopic.deleteBelow(trim.getAsLong());
    }
  }

  // ---------------------------------------------------------------------------- fenced writes

  /**
   * A view of this store for a writer that a newer owner may depose, such as a job's checkpoint
   * coordinator in the distributed runner: whoever runs the coordinator takes the job's
   * transactional id here.
   *
   * <p>Creating the view takes {@code transactionalId} with a transactional producer
   * ({@code initTransactions}), which fences every earlier view with the same id, in this
   * process or any other, and aborts its open transaction. The view's
   * {@link CheckpointStore#writeManifest writeManifest}, {@link CheckpointStore#discard discard}
   * (its tombstones) and the attempt markers of {@link CheckpointStore#openBlob(String, long)
   * openBlob} go through that producer, one transaction per call, each returning once readers
   * see it (a commit's markers reach the topic after the commit returns). Once fenced, each
   * of them fails with an {@link IOException} saying the writer was fenced by a newer owner of
   * the transactional id and naming the job and checkpoint, and nothing of it becomes visible:
   * every reader of the manifest topic reads committed records only.
   *
   * <p>Blob writes and reads, listings and retention's deletes use this store's producer,
   * consumers and admin client. Closing the view closes only its producer, not this store;
   * closing this store closes its open views.
   *
   * @param transactionalId the id to take, the same for every owner of what is fenced (the
   *     distributed runner uses one per job)
   * @throws IOException naming the id if it cannot be taken (the cluster must allow
   *     transactions), or if this store is closed
   */
  public CheckpointStore fencedFor(String transactionalId) throws IOException {
    Objects.requireNonNull(transactionalId, "transactionalId");
    if (transactionalId.isEmpty()) {
      throw new IllegalArgumentException("transactionalId must not be empty");
    }
    ensureOpen();
    FencedCheckpointStore view = new FencedCheckpointStore(this,
        new TransactionalManifestWrites(settings, admin, transactionalId), views::remove);
    views.add(view);
    if (closed) {
      view.close();
      ensureOpen();
    }
    return view;
  }

  // -------------------------------------------------------------------------------- closing

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    Exception failure = null;
    for (FencedCheckpointStore view : List.copyOf(views)) {
      try {
        view.close();
      } catch (IOException | RuntimeException e) {
        failure = addTo(failure, e);
      }
    }
    try {
      producer.close(settings.timeout());
    } catch (RuntimeException e) {
      failure = addTo(failure, e);
    }
    manifests.close();
    known.close();
    admin.close(settings.timeout());
    if (failure != null) {
      throw new IOException("closing the Kafka checkpoint store: " + failure, failure);
    }
  }

  @Override
  public String toString() {
    return "KafkaCheckpointStore[" + settings.stateTopic() + ", " + settings.manifestTopic()
        + "]";
  }

  private static Exception addTo(Exception first, Exception next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private void ready() throws IOException {
    ensureOpen();
    topics.ensureTopics();
  }

  /** Fails if this store is closed. */
  void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("the Kafka checkpoint store on " + settings.stateTopic()
          + " is closed");
    }
  }

  private static void requireJob(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    if (jobId.isEmpty()) {
      throw new IllegalArgumentException("jobId must not be empty");
    }
  }
}
