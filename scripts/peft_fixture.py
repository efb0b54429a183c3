"""Cross-checks selfmoe's PEFT adapter format against the real PEFT library, on a tiny random Llama with the
shapes of stories260K (hidden 64, intermediate 172, 5 layers, 8 heads, 4 KV heads, head dim 8).

  write OUT   saves PEFT adapters as test fixtures: OUT/lora-list (target_modules a list, layers_to_transform) and
              OUT/lora-regex (target_modules a regex string), each with expected.json holding values to compare
  check DIR   checks an adapter saved by selfmoe (PeftFormatTest leaves one in engine/target/peft-java-saved):
              its config loads with LoraConfig.from_pretrained, its tensor names and shapes are exactly the ones
              get_peft_model expects, and PeftModel.from_pretrained puts its values into the model

Run: python3 -m venv /tmp/peftvenv && /tmp/peftvenv/bin/pip install torch peft safetensors transformers
     /tmp/peftvenv/bin/python scripts/peft_fixture.py write engine/src/test/resources/peft
"""
import json
import os
import sys

import torch
from peft import LoraConfig, PeftModel, get_peft_model, get_peft_model_state_dict
from safetensors.torch import load_file
from transformers import LlamaConfig, LlamaForCausalLM


def tiny_llama():
    torch.manual_seed(0)
    config = LlamaConfig(hidden_size=64, intermediate_size=172, num_hidden_layers=5, num_attention_heads=8,
                         num_key_value_heads=4, head_dim=8, vocab_size=512, tie_word_embeddings=True)
    return LlamaForCausalLM(config)


def write(out, name, seed, **lora):
    model = get_peft_model(tiny_llama(), LoraConfig(task_type="CAUSAL_LM", **lora))
    torch.manual_seed(seed)
    with torch.no_grad():
        for n, p in model.named_parameters():
            if "lora_" in n:  # PEFT starts B at zero; random values make a wrong pairing visible
                p.copy_(torch.randn_like(p) * 0.1)
    path = os.path.join(out, name)
    model.save_pretrained(path)
    os.remove(os.path.join(path, "README.md"))  # a model card template; not part of the format
    saved = load_file(os.path.join(path, "adapter_model.safetensors"))
    factors = []
    for key in sorted(k for k in saved if ".lora_A." in k):
        a, b = saved[key], saved[key.replace(".lora_A.", ".lora_B.")]
        parts = key.split(".")
        factors.append({"layer": int(parts[4]), "module": parts[6], "in": a.shape[1], "out": b.shape[0],
                        "a_head": a.flatten()[:4].tolist(), "b_head": b.flatten()[:4].tolist(),
                        "a_sum": a.double().sum().item(), "b_sum": b.double().sum().item()})
    with open(os.path.join(path, "expected.json"), "w") as f:
        json.dump({"r": lora["r"], "lora_alpha": lora["lora_alpha"], "lora_dropout": lora.get("lora_dropout", 0.0),
                   "tensors": len(saved), "factors": factors}, f, indent=2)
        f.write("\n")
    print(f"wrote {path}: {len(saved)} tensors")


def check(path):
    config = LoraConfig.from_pretrained(path)
    with open(os.path.join(path, "adapter_config.json")) as f:
        written = json.load(f)
    current = LoraConfig(task_type="CAUSAL_LM").to_dict()
    missing = sorted(set(current) - set(written) - {"peft_version"})
    extra = sorted(set(written) - set(current))
    print(f"config keys PEFT {config.to_dict()['peft_version']} writes that selfmoe does not: {missing}")
    assert not extra, f"keys PEFT does not know: {extra}"
    assert config.peft_type == "LORA" and config.task_type == "CAUSAL_LM" and config.bias == "none"

    saved = load_file(os.path.join(path, "adapter_model.safetensors"))
    expected = get_peft_model_state_dict(get_peft_model(tiny_llama(), LoraConfig.from_pretrained(path)))
    assert set(saved) == set(expected), f"names differ: {sorted(set(saved) ^ set(expected))[:6]}"
    for k, v in saved.items():
        assert tuple(v.shape) == tuple(expected[k].shape), f"{k}: {tuple(v.shape)} vs {tuple(expected[k].shape)}"

    loaded = PeftModel.from_pretrained(tiny_llama(), path)
    state = get_peft_model_state_dict(loaded)
    for k, v in saved.items():
        assert torch.equal(state[k], v), f"{k} did not load"
    print(f"ok: {len(saved)} tensors, r={config.r}, alpha={config.lora_alpha}, "
          f"targets={sorted(config.target_modules)}, base={config.base_model_name_or_path}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        sys.exit(__doc__)
    if sys.argv[1] == "write":
        write(sys.argv[2], "lora-list", 1, r=2, lora_alpha=8, lora_dropout=0.05,
              target_modules=["q_proj", "v_proj", "down_proj"], layers_to_transform=[0, 3])
        write(sys.argv[2], "lora-regex", 2, r=1, lora_alpha=3,
              target_modules=r"model\.layers\.1\.(self_attn\.o_proj|mlp\.up_proj)")
    else:
        check(sys.argv[2])
