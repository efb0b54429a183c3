package dev.selfmoe.engine.model;

import ai.djl.ndarray.NDManager;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.decode.DecodeWeights;
import dev.selfmoe.engine.decode.Int8Decoder;
import dev.selfmoe.engine.decode.RoutedLowRank;
import dev.selfmoe.engine.tokenizer.ChatMessage;
import dev.selfmoe.engine.tokenizer.ChatTemplate;
import dev.selfmoe.engine.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A loaded model: the decoder, its tokenizer and its chat template, owning their native memory. */
public final class LanguageModel implements AutoCloseable {
  private final Path source;
  private final Transformer transformer;
  private final Tokenizer tokenizer;
  private final String chatTemplate;
  private final DecodeWeights decodeWeights;
  private final NDManager manager;
  private final AutoCloseable[] owned;
  private Int8Decoder int8Decoder;
  private BlockAdapter foldedFor;
  private Int8Decoder foldedDecoder;
  private String damage;

  /**
   * @param chatTemplate the model's Jinja chat template source, or null when it has none
   * @param owned further resources to close with the model (such as a native tokenizer)
   */
  public LanguageModel(
      Path source,
      Transformer transformer,
      Tokenizer tokenizer,
      String chatTemplate,
      DecodeWeights decodeWeights,
      NDManager manager,
      AutoCloseable... owned) {
    this.source = source;
    this.transformer = transformer;
    this.tokenizer = tokenizer;
    this.chatTemplate = chatTemplate;
    this.decodeWeights = decodeWeights;
    this.manager = manager;
    this.owned = owned;
  }

  public Path source() {
    return source;
  }

  public ModelConfig config() {
    return transformer.config();
  }

  public Transformer transformer() {
    return transformer;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public Optional<String> chatTemplate() {
    return Optional.ofNullable(chatTemplate);
  }

  public DecodeWeights decodeWeights() {
    return decodeWeights;
  }

  /**
   * The int8 decoder when decoding runs on int8 weights, made at first use (quantising takes a moment and the
   * weights are only needed by generation).
   */
  public synchronized Optional<Int8Decoder> int8Decoder() {
    if (decodeWeights != DecodeWeights.INT8) {
      return Optional.empty();
    }
    if (int8Decoder == null) {
      int8Decoder = Int8Decoder.of(transformer);
    }
    return Optional.of(int8Decoder);
  }

  /**
   * The int8 decoder for the model with {@code adapter} attached: the base one for null; for a fixed update (one
   * LoRA, a merge) a copy with the update folded into the weights, kept while that adapter is the one asked for; for
   * a router over experts (MiXSE) the base weights with the experts' updates mixed in per row; none for an adapter
   * the Java step cannot run (one being trained), which decodes on torch.
   */
  public synchronized Optional<Int8Decoder> int8Decoder(BlockAdapter adapter) {
    if (adapter == null) {
      return int8Decoder();
    }
    if (decodeWeights != DecodeWeights.INT8) {
      return Optional.empty();
    }
    if (!adapter.foldable()) {
      Optional<RoutedLowRank> routed = adapter.routedDecoding();
      return routed.isEmpty() ? Optional.empty() : Optional.of(int8Decoder().orElseThrow().withRouting(routed.get()));
    }
    if (foldedFor != adapter) {
      if (foldedDecoder != null) {
        // The previous copy goes before the next is made, and is collected at once: the serial collector would
        // otherwise grow the old generation by a copy's size (SmolLM2: 120 MB) each time an evaluation folds anew.
        foldedDecoder = null;
        foldedFor = null;
        System.gc();
      }
      foldedDecoder = int8Decoder().orElseThrow().withAdapter(adapter);
      foldedFor = adapter;
    }
    return Optional.of(foldedDecoder);
  }

  /**
   * Records that the weights no longer are the checkpoint's and could not be put back (a merged model's base weights
   * that failed to come back): whoever keeps models for reuse must load this one afresh.
   */
  public synchronized void markDamaged(String why) {
    damage = why;
  }

  /** Why the weights cannot be trusted to be the checkpoint's, if they cannot. */
  public synchronized Optional<String> damage() {
    return Optional.ofNullable(damage);
  }

  /**
   * Says the weights were changed in place (a merged model's updates added or taken away): the int8 copies made from
   * the old ones are dropped, and made afresh from the new ones at their next use.
   */
  public synchronized void weightsChanged() {
    boolean held = int8Decoder != null || foldedDecoder != null;
    int8Decoder = null;
    foldedDecoder = null;
    foldedFor = null;
    if (held) {
      // as when a folded copy is replaced: else the old generation grows by the dropped copy each time
      System.gc();
    }
  }

  /**
   * Drops what decoding keeps between calls: the KV arrays held for the next generation and the copy with an adapter
   * folded in. Whoever uses the model next may not decode at all (training, merging), and a long-lived worker would
   * otherwise carry several hundred megabytes of idle arrays into it. Large KV arrays are collected at once; the
   * folded copy goes with the caller's next collection.
   */
  public synchronized void releaseDecodeMemory() {
    foldedDecoder = null;
    foldedFor = null;
    if (int8Decoder != null) {
      int8Decoder.releaseReusableKv();
    }
  }

  public NDManager manager() {
    return manager;
  }

  /** Most positions a sequence can use (the RoPE table's length). */
  public int maxPositions() {
    return transformer.rope().positions();
  }

  /** Prompt ids as the model expects them: BOS first when the tokenizer asks for it. */
  public int[] promptIds(String text) {
    int[] ids = tokenizer.encode(text);
    if (!tokenizer.addBos() || tokenizer.bosId() < 0) {
      return ids;
    }
    int[] withBos = new int[ids.length + 1];
    withBos[0] = tokenizer.bosId();
    System.arraycopy(ids, 0, withBos, 1, ids.length);
    return withBos;
  }

  /**
   * One user turn (after an optional system message) rendered with the model's chat template, ending where the
   * assistant's reply begins. Encode it with {@code tokenizer().encode}: the template already holds any BOS text.
   */
  public String chatPrompt(String system, String user) {
    if (chatTemplate == null) {
      throw new EngineException(source + ": the model has no chat template, so it cannot take a chat prompt");
    }
    List<ChatMessage> messages = new ArrayList<>();
    if (system != null) {
      messages.add(new ChatMessage("system", system));
    }
    messages.add(new ChatMessage("user", user));
    return ChatTemplate.detect(chatTemplate).render(messages, true);
  }

  @Override
  public void close() {
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing is best effort: the native memory goes with the process anyway
      }
    }
    manager.close();
  }
}
