package dev.weir.console;

import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.JobPlan;
import java.util.Optional;

/**
 * A job's page: its summary, its physical plan and its current metrics.
 *
 * @param summary the job list's line
 * @param plan the steps, chains and exchanges, if the runner reports them
 * @param metrics per-step and per-subtask counters, rates, watermarks and backpressure
 * @param failure why the job failed, once it has
 */
public record JobDetail(JobSummary summary, Optional<JobPlan> plan, JobMetrics metrics,
    Optional<String> failure) {
}
