package dev.weir.runtime.task;

/**
 * Checkpoint barrier {@code checkpointId}: the records before it on this channel belong to
 * the checkpoint, those after it do not.
 *
 * @param checkpointId the checkpoint
 * @param timestamp when the coordinator triggered it (epoch millis)
 */
public record Barrier(long checkpointId, long timestamp) implements ChannelEvent {
}
