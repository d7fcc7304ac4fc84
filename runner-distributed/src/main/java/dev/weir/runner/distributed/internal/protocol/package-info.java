/**
 * Internal: the messages of the distributed runner's control plane and their encoding. No
 * compatibility promise beyond the wire format described here.
 *
 * <h2>Messages</h2>
 * <ul>
 *   <li>{@link JobDefinition}: value of the compacted jobs topic, keyed by job id;</li>
 *   <li>{@link JobStatus}: value of the compacted status topic, keyed by job id;</li>
 *   <li>{@link ControlMessage}: coordinator to tasks, on a job's control topic;</li>
 *   <li>{@link TaskReport}: tasks to coordinator, on a job's reports topic;</li>
 *   <li>{@link CompletedCheckpoint}: a job's checkpoint history, on its checkpoints topic,
 *       keyed by checkpoint id;</li>
 *   <li>{@link JobRequest}: clients to a job's coordinator (checkpoint or savepoint now), on
 *       its requests topic;</li>
 *   <li>{@link JarHeader} and {@link JarChunk}: a submitted jar, on partitions 0 and 1 of the
 *       compacted jars topic.</li>
 * </ul>
 *
 * <h2>Wire format</h2>
 * {@link ProtocolCodec} writes each message as one byte, the format version
 * ({@link ProtocolCodec#FORMAT_VERSION}), followed by the message as Avro binary (no container,
 * no schema id) of one of these schemas, kept as classpath resources in this package's
 * directory, {@code /dev/weir/runner/distributed/internal/protocol/}:
 * <ul>
 *   <li>{@code job-definition.avsc}: record {@code dev.weir.distributed.JobDefinition};</li>
 *   <li>{@code job-status.avsc}: record {@code dev.weir.distributed.JobStatus};</li>
 *   <li>{@code control-message.avsc}: record {@code dev.weir.distributed.ControlMessage}, the
 *       epoch and a union of the kinds {@code Start}, {@code Trigger}, {@code Complete},
 *       {@code Abort}, {@code Finish}, {@code End};</li>
 *   <li>{@code task-report.avsc}: record {@code dev.weir.distributed.TaskReport}, the epoch,
 *       the task and a union of the kinds {@code Ack}, {@code Decline}, {@code InputEnded},
 *       {@code Failed}, {@code Ended}, {@code RecordsRead}, {@code Metrics};</li>
 *   <li>{@code completed-checkpoint.avsc}: record {@code dev.weir.distributed.CompletedCheckpoint};</li>
 *   <li>{@code job-request.avsc}: record {@code dev.weir.distributed.JobRequest};</li>
 *   <li>{@code jar-header.avsc} and {@code jar-chunk.avsc}: records
 *       {@code dev.weir.distributed.JarHeader} and {@code JarChunk}.</li>
 * </ul>
 * A kind may gain fields, each with a default and appended at the end, without a new format
 * version: its codec keeps the earlier schema (e.g. {@code job-definition-without-jar.avsc},
 * {@code job-status-without-subtasks.avsc}, {@code task-report-without-rates.avsc},
 * {@code completed-checkpoint-without-trigger.avsc})
 * and reads bytes that are not a message of the current schema as one of the earlier schema,
 * filling in the defaults. (So a current message cut right before its new fields reads as an
 * earlier one: Kafka never delivers part of a record, so this is not a loss of checking.)
 * Each schema is self-contained, so a standard Avro tool reads a value once its first byte is
 * cut off, e.g. {@code tail -c +2 value.bin > body.avro; avro-tools fragtojson --schema-file
 * control-message.avsc body.avro}. Golden files of each kind are kept with the tests.
 */
package dev.weir.runner.distributed.internal.protocol;
