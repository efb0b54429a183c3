package dev.selfmoe.engine.model;

/** The Hugging Face tensor names the engine uses as its canonical names, and the GGUF names they map from. */
public final class TensorNames {
  private TensorNames() {}

  public static final String EMBED = "model.embed_tokens.weight";
  public static final String FINAL_NORM = "model.norm.weight";
  public static final String LM_HEAD = "lm_head.weight";

  /** Per-layer tensors: HF suffix after {@code model.layers.N.} and the GGUF suffix after {@code blk.N.}. */
  public enum Layer {
    ATTN_NORM("input_layernorm.weight", "attn_norm.weight"),
    Q("self_attn.q_proj.weight", "attn_q.weight"),
    K("self_attn.k_proj.weight", "attn_k.weight"),
    V("self_attn.v_proj.weight", "attn_v.weight"),
    Q_BIAS("self_attn.q_proj.bias", "attn_q.bias"),
    K_BIAS("self_attn.k_proj.bias", "attn_k.bias"),
    V_BIAS("self_attn.v_proj.bias", "attn_v.bias"),
    O("self_attn.o_proj.weight", "attn_output.weight"),
    MLP_NORM("post_attention_layernorm.weight", "ffn_norm.weight"),
    GATE("mlp.gate_proj.weight", "ffn_gate.weight"),
    UP("mlp.up_proj.weight", "ffn_up.weight"),
    DOWN("mlp.down_proj.weight", "ffn_down.weight");

    public final String hfSuffix;
    public final String ggufSuffix;

    Layer(String hfSuffix, String ggufSuffix) {
      this.hfSuffix = hfSuffix;
      this.ggufSuffix = ggufSuffix;
    }

    public String hf(int layer) {
      return "model.layers." + layer + "." + hfSuffix;
    }

    public String gguf(int layer) {
      return "blk." + layer + "." + ggufSuffix;
    }
  }

  public static String ggufGlobal(String hfName) {
    return switch (hfName) {
      case EMBED -> "token_embd.weight";
      case FINAL_NORM -> "output_norm.weight";
      case LM_HEAD -> "output.weight";
      default -> throw new IllegalArgumentException(hfName);
    };
  }
}
