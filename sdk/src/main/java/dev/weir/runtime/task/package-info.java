/**
 * The task runtime shared by all runners: channel events, the input gate and output
 * channels, operator chains, and barrier alignment. Internal: no compatibility promise;
 * users import {@code dev.weir.sdk} only.
 */
package dev.weir.runtime.task;
