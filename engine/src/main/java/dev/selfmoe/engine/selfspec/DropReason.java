package dev.selfmoe.engine.selfspec;

/** Why a synthetic item was not kept; counted per reason so a run shows where its samples went. */
public enum DropReason {
  /** The brainstormed text held no instruction we could parse. */
  UNPARSABLE,
  /** The instruction or the response is empty. */
  EMPTY,
  /** The item breaks the domain's shape (options A–D, a def, a final answer). */
  FORMAT,
  /** The instruction and input repeat a seed's. */
  SEED_COPY,
  /** The instruction and input repeat a kept item's exactly. */
  DUPLICATE,
  /** The instruction and input are too close (ROUGE-L) to a kept item's. */
  NEAR_DUPLICATE
}
