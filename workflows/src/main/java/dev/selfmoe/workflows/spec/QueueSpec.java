package dev.selfmoe.workflows.spec;

/**
 * Task queues: model work (generation, training, evaluation) on {@code compute}, bookkeeping on {@code light}. A
 * worker that dies is noticed after {@code heartbeatTimeoutSeconds} without a heartbeat, and its activity retried.
 */
public record QueueSpec(String compute, String light, int heartbeatTimeoutSeconds) {
  public static final String GPU = "selfmoe-gpu";
  public static final String CPU = "selfmoe-cpu";

  static QueueSpec read(SpecNode n) {
    return new QueueSpec(n.text("compute", GPU), n.text("light", CPU),
        n.integer("heartbeat_timeout_seconds", 120, 5, 86_400));
  }
}
