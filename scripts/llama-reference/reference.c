// Greedy continuation and per-token log-probabilities of one prompt, computed by llama.cpp: the independent
// reference for selfmoe's GGUF loading, tokenizer and forward pass. Prints one JSON object on stdout.
//
// usage: llama-reference MODEL.gguf MAX_NEW_TOKENS < prompt.txt
// The prompt is tokenized as llama.cpp does (special tokens parsed, BOS added if the model asks for one).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llama.h"

static char *read_all(FILE *in) {
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  size_t n;
  while ((n = fread(buf + len, 1, cap - len - 1, in)) > 0) {
    len += n;
    if (cap - len < 2) {
      cap *= 2;
      buf = realloc(buf, cap);
    }
  }
  buf[len] = 0;
  return buf;
}

// log p(token) under the distribution of these logits, in double precision
static double log_prob(const float *logits, int vocab, int token) {
  double max = logits[0];
  for (int i = 1; i < vocab; i++) {
    if (logits[i] > max) max = logits[i];
  }
  double sum = 0;
  for (int i = 0; i < vocab; i++) sum += exp(logits[i] - max);
  return logits[token] - max - log(sum);
}

static int arg_max(const float *logits, int vocab) {
  int best = 0;
  for (int i = 1; i < vocab; i++) {
    if (logits[i] > logits[best]) best = i;
  }
  return best;
}

// how far the best logit lies above the runner-up: a near tie is where two correct implementations may part ways
static double top_margin(const float *logits, int vocab, int best) {
  float second = -INFINITY;
  for (int i = 0; i < vocab; i++) {
    if (i != best && logits[i] > second) second = logits[i];
  }
  return logits[best] - second;
}

static void print_ints(const char *name, const int *v, int n) {
  printf("\"%s\":[", name);
  for (int i = 0; i < n; i++) printf(i ? ",%d" : "%d", v[i]);
  printf("]");
}

static void print_doubles(const char *name, const double *v, int n) {
  printf("\"%s\":[", name);
  for (int i = 0; i < n; i++) printf(i ? ",%.6f" : "%.6f", v[i]);
  printf("]");
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s MODEL.gguf MAX_NEW_TOKENS < prompt.txt\n", argv[0]);
    return 2;
  }
  int max_new = atoi(argv[2]);
  char *prompt = read_all(stdin);

  llama_backend_init();
  struct llama_model_params mp = llama_model_default_params();
  struct llama_model *model = llama_model_load_from_file(argv[1], mp);
  if (!model) {
    fprintf(stderr, "llama-reference: cannot load %s\n", argv[1]);
    return 1;
  }
  const struct llama_vocab *vocab = llama_model_get_vocab(model);
  int n_vocab = llama_vocab_n_tokens(vocab);

  int cap = (int) strlen(prompt) + 8;
  llama_token *tokens = malloc(sizeof(llama_token) * (cap + max_new));
  int n_prompt = llama_tokenize(vocab, prompt, (int) strlen(prompt), tokens, cap, llama_vocab_get_add_bos(vocab), true);
  if (n_prompt <= 0) {
    fprintf(stderr, "llama-reference: the prompt tokenizes to nothing\n");
    return 1;
  }

  struct llama_context_params cp = llama_context_default_params();
  cp.n_ctx = n_prompt + max_new + 8;
  cp.n_batch = n_prompt;
  cp.n_ubatch = n_prompt;
  cp.type_k = GGML_TYPE_F32;  // full-precision cache: the reference should not add rounding of its own
  cp.type_v = GGML_TYPE_F32;
  cp.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED;
  struct llama_context *ctx = llama_init_from_model(model, cp);

  // the prompt in one batch with logits at every position: log p(token i | tokens before it)
  struct llama_batch batch = llama_batch_init(n_prompt, 0, 1);
  for (int i = 0; i < n_prompt; i++) {
    batch.token[i] = tokens[i];
    batch.pos[i] = i;
    batch.n_seq_id[i] = 1;
    batch.seq_id[i][0] = 0;
    batch.logits[i] = 1;
  }
  batch.n_tokens = n_prompt;
  if (llama_decode(ctx, batch)) {
    fprintf(stderr, "llama-reference: decoding the prompt failed\n");
    return 1;
  }
  double *prompt_lp = malloc(sizeof(double) * n_prompt);
  for (int i = 1; i < n_prompt; i++) {
    prompt_lp[i - 1] = log_prob(llama_get_logits_ith(ctx, i - 1), n_vocab, tokens[i]);
  }

  int *generated = malloc(sizeof(int) * (max_new + 1));
  double *generated_lp = malloc(sizeof(double) * (max_new + 1));
  double *margins = malloc(sizeof(double) * (max_new + 1));
  int n_gen = 0;
  const float *logits = llama_get_logits_ith(ctx, n_prompt - 1);
  while (n_gen < max_new) {
    int next = arg_max(logits, n_vocab);
    generated[n_gen] = next;
    generated_lp[n_gen] = log_prob(logits, n_vocab, next);
    margins[n_gen] = top_margin(logits, n_vocab, next);
    n_gen++;
    if (llama_vocab_is_eog(vocab, next)) break;
    llama_token t = next;
    if (llama_decode(ctx, llama_batch_get_one(&t, 1))) {
      fprintf(stderr, "llama-reference: decoding step %d failed\n", n_gen);
      return 1;
    }
    logits = llama_get_logits_ith(ctx, -1);
  }

  printf("{");
  print_ints("prompt_tokens", tokens, n_prompt);
  printf(",");
  print_doubles("prompt_logprobs", prompt_lp, n_prompt - 1);
  printf(",");
  print_ints("generated_tokens", generated, n_gen);
  printf(",");
  print_doubles("generated_logprobs", generated_lp, n_gen);
  printf(",");
  print_doubles("generated_margins", margins, n_gen);
  printf("}\n");

  llama_batch_free(batch);
  llama_free(ctx);
  llama_model_free(model);
  llama_backend_free();
  return 0;
}
