package dev.weir.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that name a Weir cluster: the Kafka bootstrap servers and the cluster name. */
final class ClusterOptions {
  @Option(names = "--bootstrap", required = true,
      description = "Kafka bootstrap servers, host:port[,host:port...].")
  String bootstrap;

  @Option(names = "--cluster", description = "The Weir cluster's name on that Kafka cluster "
      + "(default ${DEFAULT-VALUE}).")
  String cluster = dev.weir.runner.distributed.DistributedRunner.DEFAULT_CLUSTER;

  Map<String, Object> kafka() {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrap);
    return props;
  }
}
