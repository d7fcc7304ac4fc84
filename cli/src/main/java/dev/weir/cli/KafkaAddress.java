package dev.weir.cli;

/** A {@code kafka://HOST:PORT[,HOST:PORT...][/TOPIC]} argument of the CLI. */
record KafkaAddress(String servers, String topic) {
  private static final String SCHEME = "kafka://";

  /** {@code kafka://servers/topic}, or {@code null} when {@code value} is not a kafka:// address. */
  static KafkaAddress parseTopic(String option, String value) {
    KafkaAddress a = parse(option, value);
    if (a != null && a.topic == null) {
      throw new IllegalArgumentException(option + " '" + value
          + "' names no topic; write kafka://HOST:PORT/TOPIC");
    }
    return a;
  }

  /** {@code kafka://servers}, or {@code null} when {@code value} is not a kafka:// address. */
  static KafkaAddress parseServers(String option, String value) {
    KafkaAddress a = parse(option, value);
    if (a != null && a.topic != null) {
      throw new IllegalArgumentException(option + " '" + value
          + "' takes no topic (the checkpoint store names its own); write kafka://HOST:PORT");
    }
    return a;
  }

  private static KafkaAddress parse(String option, String value) {
    if (value == null || !value.startsWith(SCHEME)) {
      return null;
    }
    String rest = value.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String servers = slash < 0 ? rest : rest.substring(0, slash);
    String topic = slash < 0 || slash == rest.length() - 1 ? null : rest.substring(slash + 1);
    if (servers.isBlank() || !servers.contains(":")) {
      throw new IllegalArgumentException(option + " '" + value
          + "' has no HOST:PORT; write kafka://HOST:PORT" + (option.equals("--checkpoints") ? "" : "/TOPIC"));
    }
    return new KafkaAddress(servers, topic);
  }
}
