/** The local runner: runs a pipeline in this JVM with one thread per subtask (API tier). */
package dev.weir.runner.local;
