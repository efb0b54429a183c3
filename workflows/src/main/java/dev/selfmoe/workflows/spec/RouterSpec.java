package dev.selfmoe.workflows.spec;

/** The MiXSE router's training: experts and base stay frozen; top-k is the routing the router is trained with. */
public record RouterSpec(int topK, boolean renormalize, TrainingSpec training) {
  static RouterSpec read(SpecNode n) {
    return new RouterSpec(n.integer("top_k", 1, 1, 64), n.bool("renormalize", false), TrainingSpec.read(n));
  }
}
