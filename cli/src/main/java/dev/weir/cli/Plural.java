package dev.weir.cli;

/** A counted noun in CLI output: "1 restart", "2 restarts", "1,024 checkpoints". */
final class Plural {

  private Plural() {
  }

  /** {@code n} (with thousands separators) and {@code noun}, plural unless {@code n} is 1. */
  static String count(long n, String noun) {
    return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
  }
}
