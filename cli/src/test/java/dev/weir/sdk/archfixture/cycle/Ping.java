package dev.weir.sdk.archfixture.cycle;

import dev.weir.sdk.archfixture.cycle.back.Pong;

/** A test fixture: one half of a package cycle inside the API, for ArchitectureTest. */
public final class Ping {
  private Ping() {
  }

  /** Uses {@link Pong}, whose package uses this one. */
  public static int hits(int n) {
    return n <= 0 ? 0 : 1 + Pong.hits(n - 1);
  }
}
