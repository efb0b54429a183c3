package dev.selfmoe.engine.lora;

/** One adapted linear layer: a target module in one decoder block. */
public record LoraKey(int layer, LoraTarget target) implements Comparable<LoraKey> {
  @Override
  public int compareTo(LoraKey o) {
    return layer != o.layer ? Integer.compare(layer, o.layer) : target.compareTo(o.target);
  }
}
