/**
 * Internal: jar submission. {@link dev.weir.runner.distributed.internal.jars.JarStore} keeps
 * submitted jars in the cluster's compacted jars topic (a header per jar, keyed by its
 * SHA-256, and its chunks); {@link dev.weir.runner.distributed.internal.jars.WorkerJars} is a
 * worker's side: it fetches a job's jar once per SHA-256, verifies it and gives each job a
 * {@link dev.weir.runner.distributed.internal.jars.JobClassLoader} of its own, and deletes the
 * copy when no job uses it any more. See docs/distributed.md, "Jar submission".
 */
package dev.weir.runner.distributed.internal.jars;
