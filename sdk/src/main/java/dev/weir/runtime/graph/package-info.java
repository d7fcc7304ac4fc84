/**
 * The logical graph of named steps that the fluent API builds. Internal: no compatibility
 * promise; users import {@code dev.weir.sdk} only.
 */
package dev.weir.runtime.graph;
