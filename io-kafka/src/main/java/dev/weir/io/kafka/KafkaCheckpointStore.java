package dev.weir.io.kafka;

import dev.weir.io.kafka.internal.BlobLocation;
import dev.weir.io.kafka.internal.ChunkHeaders;
import dev.weir.io.kafka.internal.KafkaBlobInputStream;
import dev.weir.io.kafka.internal.TopicLeaders;
import dev.weir.sdk.spi.CheckpointManifestFormat;
import dev.weir.sdk.checkpoint.VerifyingInputStream;
import dev.weir.sdk.checkpoint.BlobNotFoundException;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

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
 *       this topic into a cache and reads only what is new on every call.</li>
 * </ul>
 * Both topics are created on first use with one partition, {@code retention.ms=-1} and the
 * configured replication factor (the broker's default unless set).
 *
 * <h2>Writes</h2>
 * One idempotent producer ({@code acks=all}) serves all writers; {@link BlobWriter#finish()}
 * flushes it and waits for the blob's chunks to be acknowledged.
 *
 * <h2>Retention</h2>
 * {@link #discard} writes tombstones for the discarded ids; the checkpoints vanish from the
 * listing at once. Then the state topic's records below the lowest offset still needed are
 * deleted with {@code Admin.deleteRecords}: needed are the blobs of every listed checkpoint of
 * every job sharing the topic, and everything from the start of each attempt newer than its
 * job's newest manifest (recorded in its attempt marker). Space is freed in offset order, so a
 * long-retained checkpoint (e.g. a savepoint) keeps everything written after it.
 *
 * <h2>Configuration</h2>
 * Every Kafka client property given to {@link #create(Map)} passes through to the producer,
 * consumers and admin client that accept it (SASL, SSL, timeouts...). The store's own keys
 * ({@value #STATE_TOPIC_CONFIG}, {@value #MANIFEST_TOPIC_CONFIG}, {@value #CHUNK_BYTES_CONFIG},
 * {@value #REPLICATION_FACTOR_CONFIG}) are taken out first. The store forces byte-array
 * serializers, {@code acks=all} and idempotence.
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

  private static final String TYPE_MANIFEST = "manifest";
  private static final String TYPE_DISCARD = "discard";
  private static final String TYPE_ATTEMPT = "attempt";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Object> clientProperties;
  private final String stateTopic;
  private final String manifestTopic;
  private final int chunkBytes;
  private final Optional<Short> replicationFactor;
  private final Duration timeout;
  private final java.time.Clock clock;
  private final TopicPartition stateTp;
  private final TopicPartition manifestTp;

  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;
  private volatile boolean topicsReady;
  private volatile long deletedBelow;
  private static final System.Logger LOG = System.getLogger(KafkaCheckpointStore.class.getName());
  private volatile boolean closed;

  /** Handles of blobs this instance finished, by location: lets writeManifest skip a read. */
  private final Map<String, StateHandle> finished = new ConcurrentHashMap<>();
  /** The highest checkpoint id per job for which this instance wrote an attempt marker. */
  private final Map<String, Long> announced = new ConcurrentHashMap<>();

  private final Object viewLock = new Object();
  private KafkaConsumer<byte[], byte[]> viewConsumer;
  private final Map<String, JobView> views = new TreeMap<>();
  private final Object manifestLock = new Object();

  private static final class JobView {
    final TreeMap<Long, CheckpointManifest> manifests = new TreeMap<>();
    long highestSeen;
    long highestManifestEver;
    /** Attempt id → the state topic's end offset before its blobs were written. */
    final TreeMap<Long, Long> attemptStarts = new TreeMap<>();
  }

  private KafkaCheckpointStore(Builder b) {
    this.clientProperties = Map.copyOf(b.clientProperties);
    this.stateTopic = b.stateTopic;
    this.manifestTopic = b.manifestTopic;
    this.chunkBytes = b.chunkBytes;
    this.replicationFactor = b.replicationFactor;
    this.timeout = b.timeout;
    this.clock = b.clock;
    this.stateTp = new TopicPartition(stateTopic, 0);
    this.manifestTp = new TopicPartition(manifestTopic, 0);
    this.admin = Admin.create(filter(clientProperties, AdminClientConfig.configNames()));
    try {
      Map<String, Object> p = filter(clientProperties, ProducerConfig.configNames());
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
      int needed = chunkBytes + 64 * 1024;
      Object max = p.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
      if (max == null || Integer.parseInt(max.toString()) < needed) {
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(needed, 1024 * 1024));
      }
      this.producer = new KafkaProducer<>(p);
    } catch (RuntimeException e) {
      admin.close(Duration.ZERO);
      throw e;
    }
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
    private java.time.Clock clock = java.time.Clock.systemUTC();

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
    public Builder clock(java.time.Clock clock) {
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
      return new KafkaCheckpointStore(this);
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
    return stateTopic;
  }

  /** The manifest topic. */
  public String manifestTopic() {
    return manifestTopic;
  }

  // ---------------------------------------------------------------------------------- blobs

  @Override
  public BlobWriter openBlob(String jobId, long checkpointId) throws IOException {
    requireJob(jobId);
    if (checkpointId < 1) {
      throw new IllegalArgumentException("checkpointId must be at least 1, was " + checkpointId);
    }
    ensureOpen();
    ensureTopics();
    announce(jobId, checkpointId);
    return new KafkaBlobWriter(jobId, checkpointId);
  }

  @Override
  public InputStream openBlob(StateHandle handle) throws IOException {
    Objects.requireNonNull(handle, "handle");
    ensureOpen();
    BlobLocation at = parse(handle);
    ensureTopics();
    KafkaConsumer<byte[], byte[]> consumer = newConsumer();
    try {
      InputStream raw = KafkaBlobInputStream.open(consumer, at, handle, timeout, where());
      return new VerifyingInputStream(raw, handle, "");
    } catch (IOException | RuntimeException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
  }

  // ------------------------------------------------------------------------------ manifests

  @Override
  public void writeManifest(CheckpointManifest manifest) throws IOException {
    Objects.requireNonNull(manifest, "manifest");
    ensureOpen();
    ensureTopics();
    KafkaConsumer<byte[], byte[]> checker = null;
    try {
      for (StateHandle handle : manifest.referencedHandles()) {
        if (!finished.containsKey(handle.location()) && checker == null) {
          checker = newConsumer();
        }
        checkExists(manifest, handle, checker);
      }
    } finally {
      if (checker != null) {
        checker.close(CloseOptions.timeout(Duration.ZERO));
      }
    }
    byte[] bytes = CheckpointManifestFormat.encode(manifest);
    synchronized (manifestLock) {
      refresh();
      synchronized (viewLock) {
        JobView view = views.get(manifest.jobId());
        if (view != null && view.manifests.containsKey(manifest.checkpointId())) {
          throw new IllegalStateException(manifest.describe() + " already has a manifest");
        }
      }
      sendManifestRecord(manifest.jobId(), manifest.checkpointId(), TYPE_MANIFEST, bytes);
    }
  }

  @Override
  public List<CheckpointManifest> listCheckpoints(String jobId) throws IOException {
    Objects.requireNonNull(jobId, "jobId");
    ensureOpen();
    refresh();
    synchronized (viewLock) {
      JobView view = views.get(jobId);
      return view == null ? List.of() : List.copyOf(view.manifests.values());
    }
  }

  @Override
  public Optional<CheckpointManifest> manifest(String jobId, long checkpointId)
      throws IOException {
    Objects.requireNonNull(jobId, "jobId");
    ensureOpen();
    refresh();
    synchronized (viewLock) {
      JobView view = views.get(jobId);
      return view == null ? Optional.empty()
          : Optional.ofNullable(view.manifests.get(checkpointId));
    }
  }

  /**
   * The highest id among this job's manifests and the attempts recorded when blobs were
   * opened for a new checkpoint id (see the class description).
   */
  @Override
  public long highestCheckpointId(String jobId) throws IOException {
    Objects.requireNonNull(jobId, "jobId");
    ensureOpen();
    refresh();
    synchronized (viewLock) {
      JobView view = views.get(jobId);
      return view == null ? 0 : view.highestSeen;
    }
  }

  @Override
  public void discard(String jobId, Collection<Long> checkpointIds,
      Collection<StateHandle> unreferencedHandles) throws IOException {
    requireJob(jobId);
    Objects.requireNonNull(checkpointIds, "checkpointIds");
    Objects.requireNonNull(unreferencedHandles, "unreferencedHandles");
    ensureOpen();
    ensureTopics();
    synchronized (manifestLock) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (long id : checkpointIds) {
        sent.add(producer.send(manifestRecord(jobId, id, TYPE_DISCARD, null)));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        await(f, "writing a discard marker of job '" + jobId + "' to " + manifestTopic);
      }
    }
    forgetUnreferenced(jobId, unreferencedHandles);
    deleteUnneededStateRecords();
  }

  /**
   * Deletes the state topic's records below the lowest offset still needed by any job: the
   * first chunk of every blob a listed checkpoint references, and the start of every attempt
   * newer than its job's newest manifest (its blobs may not be referenced yet). The end
   * offset is read before the manifests, so blobs of attempts not seen yet lie above it.
   * Best effort: a cluster that refuses deleting records keeps them.
   */
  private void deleteUnneededStateRecords() throws IOException {
    long floor = stateEndOffset();
    refresh();
    synchronized (viewLock) {
      for (JobView view : views.values()) {
        for (CheckpointManifest m : view.manifests.values()) {
          for (StateHandle h : m.referencedHandles()) {
            BlobLocation at = BlobLocation.parse(h.location());
            if (at != null && at.topic().equals(stateTopic)) {
              floor = Math.min(floor, at.firstOffset());
            }
          }
        }
        for (Map.Entry<Long, Long> start : view.attemptStarts.tailMap(
            view.highestManifestEver, false).entrySet()) {
          floor = Math.min(floor, start.getValue());
        }
      }
    }
    if (floor <= deletedBelow) {
      return;
    }
    try {
      admin.deleteRecords(Map.of(stateTp, RecordsToDelete.beforeOffset(floor))).all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      deletedBelow = floor;
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete records of " + stateTp
          + " below offset " + floor + " (discarded checkpoints keep their space): " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while deleting old records of " + stateTp, e);
    }
  }

  private long stateEndOffset() throws IOException {
    try {
      return admin.listOffsets(Map.of(stateTp, OffsetSpec.latest())).partitionResult(stateTp)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
    } catch (ExecutionException e) {
      throw new IOException("reading the end offset of " + stateTp + " at " + where() + ": "
          + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("reading the end offset of " + stateTp + " took longer than "
          + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the end offset of " + stateTp, e);
    }
  }

  /**
   * Drops from the cache of known blobs those of {@code jobId} that no listed checkpoint
   * references and that belong to completed ids, so the cache stays as small as the retained
   * checkpoints (a manifest that still names one of them gets it checked in Kafka again).
   */
  private void forgetUnreferenced(String jobId, Collection<StateHandle> unreferenced)
      throws IOException {
    unreferenced.forEach(h -> finished.remove(h.location()));
    refresh();
    java.util.Set<String> referenced = new java.util.HashSet<>();
    long highestManifest;
    synchronized (viewLock) {
      JobView view = views.get(jobId);
      if (view == null) {
        return;
      }
      view.manifests.values().forEach(
          m -> m.referencedHandles().forEach(h -> referenced.add(h.location())));
      highestManifest = view.manifests.isEmpty() ? 0 : view.manifests.lastKey();
    }
    finished.values().removeIf(h -> h.jobId().equals(jobId)
        && h.checkpointId() <= highestManifest && !referenced.contains(h.location()));
  }

  @Override
  public List<String> jobs() throws IOException {
    ensureOpen();
    refresh();
    synchronized (viewLock) {
      return List.copyOf(views.keySet());
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    try {
      producer.close(timeout);
    } catch (RuntimeException e) {
      failure = e;
    }
    synchronized (viewLock) {
      if (viewConsumer != null) {
        viewConsumer.close(CloseOptions.timeout(Duration.ZERO));
        viewConsumer = null;
      }
      views.clear();
    }
    admin.close(timeout);
    if (failure != null) {
      throw new IOException("closing the Kafka checkpoint store: " + failure, failure);
    }
  }

  @Override
  public String toString() {
    return "KafkaCheckpointStore[" + stateTopic + ", " + manifestTopic + "]";
  }

  // -------------------------------------------------------------------------------- helpers

  private void announce(String jobId, long checkpointId) throws IOException {
    Long known = announced.get(jobId);
    if (known != null && known >= checkpointId) {
      return;
    }
    long stateEnd = stateEndOffset();
    Future<RecordMetadata> f = producer.send(manifestRecord(jobId, checkpointId, TYPE_ATTEMPT,
        new byte[0], stateEnd));
    producer.flush();
    await(f, "writing an attempt marker for checkpoint " + checkpointId + " of job '" + jobId
        + "' to topic '" + manifestTopic + "'");
    announced.merge(jobId, checkpointId, Math::max);
  }

  private void sendManifestRecord(String jobId, long id, String type, byte[] value)
      throws IOException {
    Future<RecordMetadata> f = producer.send(manifestRecord(jobId, id, type, value));
    producer.flush();
    await(f, "writing a " + type + " record for checkpoint " + id + " of job '" + jobId
        + "' to topic '" + manifestTopic + "'");
  }

  private ProducerRecord<byte[], byte[]> manifestRecord(String jobId, long id, String type,
      byte[] value) {
    return manifestRecord(jobId, id, type, value, -1);
  }

  private ProducerRecord<byte[], byte[]> manifestRecord(String jobId, long id, String type,
      byte[] value, long stateOffset) {
    Headers headers = new RecordHeaders();
    if (stateOffset >= 0) {
      headers.add(ChunkHeaders.STATE_OFFSET, ChunkHeaders.longBytes(stateOffset));
    }
    headers.add(ChunkHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
    headers.add(ChunkHeaders.CHECKPOINT, ChunkHeaders.longBytes(id));
    headers.add(ChunkHeaders.JOB, jobId.getBytes(StandardCharsets.UTF_8));
    byte[] key = (jobId + "#" + id).getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(manifestTopic, 0, key, value, headers);
  }

  /** Reads what is new in the manifest topic into the cache. */
  private void refresh() throws IOException {
    ensureTopics();
    synchronized (viewLock) {
      ensureOpen();
      try {
        if (viewConsumer == null) {
          viewConsumer = newConsumer();
          viewConsumer.assign(List.of(manifestTp));
          viewConsumer.seekToBeginning(List.of(manifestTp));
        }
        long end = viewConsumer.endOffsets(List.of(manifestTp), timeout).get(manifestTp);
        long deadline = clock.millis() + timeout.toMillis();
        while (viewConsumer.position(manifestTp, timeout) < end) {
          if (clock.millis() > deadline) {
            throw new IOException("reading topic '" + manifestTopic + "' up to offset " + end
                + " took longer than " + timeout);
          }
          for (ConsumerRecord<byte[], byte[]> r : viewConsumer.poll(Duration.ofMillis(100))) {
            apply(r);
          }
        }
      } catch (KafkaException e) {
        throw new IOException("reading the manifests in topic '" + manifestTopic + "' at "
            + where() + ": " + e, e);
      }
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> r) throws IOException {
    String type = ChunkHeaders.string(r.headers(), ChunkHeaders.TYPE);
    String job = ChunkHeaders.string(r.headers(), ChunkHeaders.JOB);
    Long id = ChunkHeaders.longValue(r.headers(), ChunkHeaders.CHECKPOINT);
    if (type == null || job == null || id == null) {
      return; // not written by this store
    }
    JobView view = views.computeIfAbsent(job, j -> new JobView());
    switch (type) {
      case TYPE_MANIFEST -> {
        CheckpointManifest m;
        try {
          m = CheckpointManifestFormat.decode(r.value());
        } catch (IOException | RuntimeException e) {
          throw new IOException("the manifest of checkpoint " + id + " of job '" + job
              + "' at offset " + r.offset() + " of topic '" + manifestTopic
              + "' cannot be decoded: " + e, e);
        }
        view.manifests.put(id, m);
        view.highestSeen = Math.max(view.highestSeen, id);
        view.highestManifestEver = Math.max(view.highestManifestEver, id);
        view.attemptStarts.headMap(id, true).clear();
      }
      case TYPE_DISCARD -> view.manifests.remove(id);
      case TYPE_ATTEMPT -> {
        view.highestSeen = Math.max(view.highestSeen, id);
        Long start = ChunkHeaders.longValue(r.headers(), ChunkHeaders.STATE_OFFSET);
        if (id > view.highestManifestEver) {
          // an old marker without an offset pins everything: keep all records
          view.attemptStarts.merge(id, start == null ? 0L : start, Math::min);
        }
      }
      default -> { }
    }
  }

  /**
   * Checks that {@code handle} is a blob of this store: known from this instance, or else its
   * last chunk (read with {@code consumer}) matches; a match is remembered, so a blob written
   * by an earlier instance is read once however many later manifests reference it.
   */
  private void checkExists(CheckpointManifest manifest, StateHandle handle,
      KafkaConsumer<byte[], byte[]> consumer) throws IOException {
    StateHandle known = finished.get(handle.location());
    if (known != null) {
      if (known.equals(handle)) {
        return;
      }
      throw new IllegalArgumentException(manifest.describe() + " references "
          + handle.describe() + ", but the blob there is " + known.describe() + " of "
          + known.length() + " bytes");
    }
    BlobLocation at = BlobLocation.parse(handle.location());
    if (at == null || !at.topic().equals(stateTopic)) {
      throw new IllegalArgumentException(manifest.describe() + " references "
          + handle.describe() + ", which this store does not hold");
    }
    if (!KafkaBlobInputStream.lastChunkMatches(consumer, at, handle, timeout)) {
      throw new IllegalArgumentException(manifest.describe() + " references "
          + handle.describe() + ", which this store does not hold");
    }
    finished.put(handle.location(), handle);
  }

  private BlobLocation parse(StateHandle handle) throws BlobNotFoundException {
    BlobLocation at = BlobLocation.parse(handle.location());
    if (at == null) {
      throw new BlobNotFoundException(handle, where(),
          "the location is not one of a Kafka checkpoint store");
    }
    if (!at.topic().equals(stateTopic)) {
      throw new BlobNotFoundException(handle, where(),
          "the blob is in topic '" + at.topic() + "', this store's state topic is '"
              + stateTopic + "'");
    }
    return at;
  }

  private void ensureTopics() throws IOException {
    if (topicsReady) {
      return;
    }
    synchronized (this) {
      if (topicsReady) {
        return;
      }
      createTopic(stateTopic, STATE_TOPIC_CONFIG);
      createTopic(manifestTopic, MANIFEST_TOPIC_CONFIG);
      // A topic just created may not be in every broker's metadata yet; wait for its leader.
      TopicLeaders.await(admin, List.of(stateTopic, manifestTopic), timeout, where());
      topicsReady = true;
    }
  }

  private void createTopic(String topic, String configKey) throws IOException {
    NewTopic t = new NewTopic(topic, Optional.of(1), replicationFactor)
        .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1"));
    try {
      admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return;
      }
      throw new IOException("cannot create topic '" + topic + "' for checkpoints at " + where()
          + ": " + e.getCause() + ". Create it (1 partition, retention.ms=-1) or grant the"
          + " store CREATE on it, or name an existing topic with '" + configKey + "'"
          + " (the replication factor of created topics: '" + REPLICATION_FACTOR_CONFIG + "')",
          e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("creating topic '" + topic + "' at " + where()
          + " took longer than " + timeout + " (is the cluster reachable?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while creating topic '" + topic + "'", e);
    }
  }

  private KafkaConsumer<byte[], byte[]> newConsumer() {
    Map<String, Object> c = filter(clientProperties, ConsumerConfig.configNames());
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    c.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, chunkBytes + 64 * 1024);
    c.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * (chunkBytes + 64 * 1024));
    return new KafkaConsumer<>(c);
  }

  private static Map<String, Object> filter(Map<String, Object> props, java.util.Set<String> known) {
    Map<String, Object> out = new HashMap<>();
    props.forEach((k, v) -> {
      if (known.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private String where() {
    Object servers = clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    return "Kafka " + (servers == null ? "(no bootstrap.servers)" : servers);
  }

  private <T> T await(Future<T> f, String what) throws IOException {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(what + " took longer than " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + what, e);
    }
  }

  private static void requireJob(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    if (jobId.isEmpty()) {
      throw new IllegalArgumentException("jobId must not be empty");
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("the Kafka checkpoint store on " + stateTopic + " is closed");
    }
  }

  /** Sends chunk records as the buffer fills; finish flushes and waits for every chunk. */
  private final class KafkaBlobWriter extends BlobWriter {
    private final byte[] key;
    private final byte[] blobId = new byte[16];
    private byte[] buffer;
    private int fill;
    private int seq;
    private Future<RecordMetadata> first;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    KafkaBlobWriter(String jobId, long checkpointId) {
      super(jobId, checkpointId);
      this.key = jobId.getBytes(StandardCharsets.UTF_8);
      RANDOM.nextBytes(blobId);
      this.buffer = new byte[chunkBytes];
    }

    @Override
    protected void append(byte[] b, int off, int len) throws IOException {
      ensureOpen();
      checkFailure();
      while (len > 0) {
        int n = Math.min(len, buffer.length - fill);
        System.arraycopy(b, off, buffer, fill, n);
        fill += n;
        off += n;
        len -= n;
        if (fill == buffer.length) {
          send(-1);
        }
      }
    }

    @Override
    protected StateHandle complete(long length, long checksum) throws IOException {
      ensureOpen();
      send(length);
      producer.flush();
      RecordMetadata firstMeta = await(first, "writing the first chunk of a blob of checkpoint "
          + checkpointId() + " of job '" + jobId() + "'");
      RecordMetadata lastMeta = null;
      for (Future<RecordMetadata> f : pending) {
        lastMeta = await(f, "writing a chunk of a blob of checkpoint " + checkpointId()
            + " of job '" + jobId() + "'");
      }
      checkFailure();
      String location = new BlobLocation(stateTopic, firstMeta.partition(), firstMeta.offset(),
          lastMeta.offset()).toString();
      StateHandle handle = new StateHandle(jobId(), checkpointId(), location, length, checksum);
      finished.put(location, handle);
      buffer = null;
      return handle;
    }

    @Override
    protected void abort() {
      buffer = null;
    }

    private void send(long totalLength) throws IOException {
      Headers headers = new RecordHeaders();
      headers.add(ChunkHeaders.CHECKPOINT, ChunkHeaders.longBytes(checkpointId()));
      headers.add(ChunkHeaders.BLOB, blobId);
      headers.add(ChunkHeaders.SEQ, ChunkHeaders.intBytes(seq));
      if (totalLength >= 0) {
        headers.add(ChunkHeaders.LAST, ChunkHeaders.longBytes(totalLength));
      }
      byte[] value = Arrays.copyOf(buffer, fill);
      Future<RecordMetadata> f;
      try {
        f = producer.send(new ProducerRecord<>(stateTopic, 0, key, value, headers),
            (meta, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      } catch (KafkaException e) {
        throw new IOException("writing a chunk of a blob of checkpoint " + checkpointId()
            + " of job '" + jobId() + "' to topic '" + stateTopic + "' failed: " + e, e);
      }
      if (first == null) {
        first = f;
      }
      // keep only the newest future: the idempotent producer keeps chunks in order
      pending.clear();
      pending.add(f);
      seq++;
      fill = 0;
    }

    private void checkFailure() throws IOException {
      Exception e = failure.get();
      if (e != null) {
        throw new IOException("writing a chunk of a blob of checkpoint " + checkpointId()
            + " of job '" + jobId() + "' to topic '" + stateTopic + "' failed: " + e, e);
      }
    }
  }
}
