package dev.weir.runner.distributed;

import java.util.Map;

/**
 * Where a job of a Weir cluster stands, as its coordinator last wrote it to the cluster's status
 * topic: what {@code weir jobs list} shows.
 *
 * @param jobId the job
 * @param state {@code STARTING}, {@code WAITING} (for worker slots) or a
 *     {@link dev.weir.sdk.PipelineResult.State} name
 * @param epoch the job's current (or last) epoch: one per rebalance of its workers
 * @param restarts how many times the job rolled back to a checkpoint
 * @param latestCheckpointId the newest completed checkpoint, or -1
 * @param failure why the job failed or waits, or {@code null}
 * @param updatedAtMillis when the status was written (epoch ms)
 * @param placement the worker of each subtask ({@code chain#subtask}) and of the coordinator
 */
public record JobInfo(String jobId, String state, long epoch, int restarts,
    long latestCheckpointId, String failure, long updatedAtMillis, Map<String, String> placement) {
}
