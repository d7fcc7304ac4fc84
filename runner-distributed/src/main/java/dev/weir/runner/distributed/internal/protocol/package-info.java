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
 *       its requests topic.</li>
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
 *       {@code Failed}, {@code Ended}, {@code RecordsRead};</li>
 *   <li>{@code completed-checkpoint.avsc}: record {@code dev.weir.distributed.CompletedCheckpoint};</li>
 *   <li>{@code job-request.avsc}: record {@code dev.weir.distributed.JobRequest}.</li>
 * </ul>
 * Each schema is self-contained, so a standard Avro tool reads a value once its first byte is
 * cut off, e.g. {@code tail -c +2 value.bin > body.avro; avro-tools fragtojson --schema-file
 * control-message.avsc body.avro}. Golden files of each kind are kept with the tests.
 */
package dev.weir.runner.distributed.internal.protocol;
