/**
 * The test kit (API tier, for users' tests; artifact {@code dev.weir:weir-testkit}, test
 * scope): sources from collections with scripted watermarks, two-phase collecting sinks,
 * fault injection, a manual clock, AssertJ assertions and a JUnit 5 extension.
 *
 * <pre>{@code
 * CollectingSink<KV<String, Long>> out = CollectingSink.create();
 * Pipeline p = Pipeline.create();
 * p.read("words", TestSource.of(Types.STRING, "a", "b", "a"))
 *  .keyBy("byWord", w -> w, Types.STRING)
 *  .count("count")
 *  .write("out", out);
 * WeirTest.run(p);
 * assertThat(out.latestByKey()).containsEntry("a", 2L).containsEntry("b", 1L);
 * }</pre>
 *
 * <p>The kit depends on {@code weir-sdk} only. {@link dev.weir.testing.WeirTest#run} finds a
 * runner on the class path ({@code weir-runner-local}); JUnit ({@code junit-jupiter}, 5.11 or
 * later, or 6.x) and AssertJ (for {@link dev.weir.testing.WeirAssertions}) come from the
 * application's own test dependencies.
 */
package dev.weir.testing;
