package dev.weir.runner.distributed.internal.protocol;

import org.apache.avro.Schema;

/**
 * Encodes the control plane's messages as record values and decodes them: one format version
 * byte ({@link #FORMAT_VERSION}), then Avro binary of the message's schema (see the
 * {@linkplain dev.weir.runner.distributed.internal.protocol package description} for the
 * schema resources).
 *
 * <p>Decoding never returns {@code null}: bytes that are not a valid message of the expected
 * kind (another format version, truncated, garbage, trailing bytes, or fields that break the
 * message's rules) throw {@link MalformedMessageException} naming what was being decoded and
 * why. Encoding is deterministic: maps are encoded sorted by key, so equal messages give equal
 * bytes.
 *
 * <p>Thread-safe and stateless: share one instance. Each call uses its own Avro encoder or
 * decoder (cheap over byte arrays); schemas are parsed once per class.
 */
public final class ProtocolCodec {

  /** The first byte of every value this codec writes; the only version it reads. */
  public static final byte FORMAT_VERSION = 1;

  private static final AvroMessageFormat<JobDefinition> JOBS = new AvroMessageFormat<>(
      "a job definition (value of the jobs topic)", JobRecords.DEFINITION,
      JobRecords::toRecord, JobRecords::definition,
      java.util.List.of(JobRecords.DEFINITION_WITHOUT_JAR));
  private static final AvroMessageFormat<JobStatus> STATUS = new AvroMessageFormat<>(
      "a job status (value of the status topic)", JobRecords.STATUS,
      JobRecords::toRecord, JobRecords::status,
      java.util.List.of(JobRecords.STATUS_WITHOUT_SUBTASKS));
  private static final AvroMessageFormat<ControlMessage> CONTROL = new AvroMessageFormat<>(
      "a control message (value of a job's control topic)", ControlRecords.SCHEMA,
      ControlRecords::toRecord, ControlRecords::message);
  private static final AvroMessageFormat<TaskReport> REPORTS = new AvroMessageFormat<>(
      "a task report (value of a job's reports topic)", ReportRecords.SCHEMA,
      ReportRecords::toRecord, ReportRecords::report,
      java.util.List.of(ReportRecords.WITHOUT_RATES));

  private static final AvroMessageFormat<CompletedCheckpoint> CHECKPOINTS =
      new AvroMessageFormat<>("a completed checkpoint (value of a job's checkpoints topic)",
          CheckpointRecords.SCHEMA, CheckpointRecords::toRecord, CheckpointRecords::checkpoint,
          java.util.List.of(CheckpointRecords.WITHOUT_TRIGGER));

  private static final AvroMessageFormat<JobRequest> REQUESTS = new AvroMessageFormat<>(
      "a job request (value of a job's requests topic)", RequestRecords.SCHEMA,
      RequestRecords::toRecord, RequestRecords::request);

  private static final AvroMessageFormat<JarHeader> JAR_HEADERS = new AvroMessageFormat<>(
      "a jar header (value of partition 0 of the jars topic)", JarRecords.HEADER,
      JarRecords::toRecord, JarRecords::header);

  private static final AvroMessageFormat<JarChunk> JAR_CHUNKS = new AvroMessageFormat<>(
      "a jar chunk (value of partition 1 of the jars topic)", JarRecords.CHUNK,
      JarRecords::toRecord, JarRecords::chunk);

  /** Static methods only. */
  private ProtocolCodec() {
  }

  /** Encodes a value of the jobs topic. */
  public static byte[] encode(JobDefinition definition) {
    return JOBS.encode(definition);
  }

  /** Encodes a value of the status topic. */
  public static byte[] encode(JobStatus status) {
    return STATUS.encode(status);
  }

  /** Encodes a value of a job's control topic. */
  public static byte[] encode(ControlMessage message) {
    return CONTROL.encode(message);
  }

  /** Encodes a value of a job's reports topic. */
  public static byte[] encode(TaskReport report) {
    return REPORTS.encode(report);
  }

  /** Encodes a value of a job's requests topic. */
  public static byte[] encode(JobRequest request) {
    return REQUESTS.encode(request);
  }

  /**
   * Decodes a value of a job's requests topic.
   *
   * @throws MalformedMessageException if {@code bytes} is not a job request
   */
  public static JobRequest decodeJobRequest(byte[] bytes) {
    return REQUESTS.decode(bytes);
  }

  /** The Avro schema of job requests ({@code job-request.avsc}). */
  public static Schema jobRequestSchema() {
    return REQUESTS.schema();
  }

  /** Encodes a value of a job's checkpoints topic. */
  public static byte[] encode(CompletedCheckpoint checkpoint) {
    return CHECKPOINTS.encode(checkpoint);
  }

  /**
   * Decodes a value of a job's checkpoints topic.
   *
   * @throws MalformedMessageException if {@code bytes} is not a completed checkpoint
   */
  public static CompletedCheckpoint decodeCompletedCheckpoint(byte[] bytes) {
    return CHECKPOINTS.decode(bytes);
  }

  /** The Avro schema of completed checkpoints ({@code completed-checkpoint.avsc}). */
  public static Schema completedCheckpointSchema() {
    return CHECKPOINTS.schema();
  }

  /**
   * Decodes a value of the jobs topic.
   *
   * @throws MalformedMessageException if {@code bytes} is not a job definition
   */
  public static JobDefinition decodeJobDefinition(byte[] bytes) {
    return JOBS.decode(bytes);
  }

  /**
   * Decodes a value of the status topic.
   *
   * @throws MalformedMessageException if {@code bytes} is not a job status
   */
  public static JobStatus decodeJobStatus(byte[] bytes) {
    return STATUS.decode(bytes);
  }

  /**
   * Decodes a value of a job's control topic.
   *
   * @throws MalformedMessageException if {@code bytes} is not a control message
   */
  public static ControlMessage decodeControlMessage(byte[] bytes) {
    return CONTROL.decode(bytes);
  }

  /**
   * Decodes a value of a job's reports topic.
   *
   * @throws MalformedMessageException if {@code bytes} is not a task report
   */
  public static TaskReport decodeTaskReport(byte[] bytes) {
    return REPORTS.decode(bytes);
  }

  /** The Avro schema of job definitions ({@code job-definition.avsc}). */
  public static Schema jobDefinitionSchema() {
    return JOBS.schema();
  }

  /** The Avro schema of job statuses ({@code job-status.avsc}). */
  public static Schema jobStatusSchema() {
    return STATUS.schema();
  }

  /** The Avro schema of control messages ({@code control-message.avsc}). */
  public static Schema controlMessageSchema() {
    return CONTROL.schema();
  }

  /** The Avro schema of task reports ({@code task-report.avsc}). */
  public static Schema taskReportSchema() {
    return REPORTS.schema();
  }

  /** Encodes a value of partition 0 of the jars topic. */
  public static byte[] encode(JarHeader header) {
    return JAR_HEADERS.encode(header);
  }

  /** Encodes a value of partition 1 of the jars topic. */
  public static byte[] encode(JarChunk chunk) {
    return JAR_CHUNKS.encode(chunk);
  }

  /**
   * Decodes a value of partition 0 of the jars topic.
   *
   * @throws MalformedMessageException if {@code bytes} is not a jar header
   */
  public static JarHeader decodeJarHeader(byte[] bytes) {
    return JAR_HEADERS.decode(bytes);
  }

  /**
   * Decodes a value of partition 1 of the jars topic.
   *
   * @throws MalformedMessageException if {@code bytes} is not a jar chunk
   */
  public static JarChunk decodeJarChunk(byte[] bytes) {
    return JAR_CHUNKS.decode(bytes);
  }

  /** The Avro schema of jar headers ({@code jar-header.avsc}). */
  public static Schema jarHeaderSchema() {
    return JAR_HEADERS.schema();
  }

  /** The Avro schema of jar chunks ({@code jar-chunk.avsc}). */
  public static Schema jarChunkSchema() {
    return JAR_CHUNKS.schema();
  }
}
