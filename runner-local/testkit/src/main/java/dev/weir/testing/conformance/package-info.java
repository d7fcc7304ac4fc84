/**
 * API for runner authors: the conformance suite every Weir runner passes. A runner's test
 * extends {@link dev.weir.testing.conformance.RunnerConformanceSuite} and says how to create its
 * runner; the suite's cases then run on it.
 */
package dev.weir.testing.conformance;
