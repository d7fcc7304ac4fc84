package dev.weir.runtime.task;

/**
 * What travels through a channel between two subtasks, in order: batches of records,
 * watermarks, checkpoint barriers and the end of the input. A channel never reorders
 * events, so a barrier separates the records before a checkpoint from those after it.
 */
public sealed interface ChannelEvent permits RecordBatch, Watermark, Barrier, EndOfInput {
}
