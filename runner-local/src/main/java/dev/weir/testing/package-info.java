/**
 * The test kit (API tier): sources from collections, two-phase collecting sinks, and
 * assertions, for testing pipelines on the {@link dev.weir.runner.local.LocalRunner}.
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
 */
package dev.weir.testing;
