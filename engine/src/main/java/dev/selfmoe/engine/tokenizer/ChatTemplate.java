package dev.selfmoe.engine.tokenizer;

import dev.selfmoe.engine.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders conversations the way a model's Jinja chat template does, for the template families selfmoe supports.
 * The family is recognised from the template's marker tokens; the text each family produces is written here rather
 * than interpreted from Jinja, and a template of no known family is refused instead of guessed.
 */
public final class ChatTemplate {
  public enum Family { CHATML, LLAMA3, GEMMA, LLAMA2 }

  private static final Pattern CHATML_DEFAULT_SYSTEM =
      Pattern.compile("<\\|im_start\\|>system(?:\\\\n|\\n)(.*?)<\\|im_end\\|>", Pattern.DOTALL);

  private final Family family;
  /** ChatML templates that insert a system turn when the conversation has none (SmolLM2, Qwen2). */
  private final String defaultSystem;

  private ChatTemplate(Family family, String defaultSystem) {
    this.family = family;
    this.defaultSystem = defaultSystem;
  }

  public static ChatTemplate detect(String jinja) {
    if (jinja.contains("<|im_start|>")) {
      String system = null;
      Matcher m = CHATML_DEFAULT_SYSTEM.matcher(jinja);
      if (jinja.contains("!= 'system'") && m.find() && !m.group(1).contains("{{")) {
        system = m.group(1).replace("\\n", "\n");
      }
      return new ChatTemplate(Family.CHATML, system);
    }
    if (jinja.contains("<|start_header_id|>")) {
      return new ChatTemplate(Family.LLAMA3, null);
    }
    if (jinja.contains("<start_of_turn>")) {
      return new ChatTemplate(Family.GEMMA, null);
    }
    if (jinja.contains("[INST]")) {
      return new ChatTemplate(Family.LLAMA2, null);
    }
    throw new EngineException("chat template not supported: it matches none of the families selfmoe renders "
        + "(ChatML as in SmolLM2/Qwen2, Llama 3, Gemma, Llama 2 [INST])");
  }

  public Family family() {
    return family;
  }

  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    for (ChatMessage m : messages) {
      if (!List.of("system", "user", "assistant").contains(m.role())) {
        throw new EngineException("chat role '" + m.role() + "' is not one of system, user, assistant");
      }
    }
    return switch (family) {
      case CHATML -> chatml(messages, addGenerationPrompt);
      case LLAMA3 -> llama3(messages, addGenerationPrompt);
      case GEMMA -> gemma(messages, addGenerationPrompt);
      case LLAMA2 -> llama2(messages);
    };
  }

  /** Ids of the rendered conversation; the rendered text already holds any BOS the family wants. */
  public int[] encode(Tokenizer tokenizer, List<ChatMessage> messages, boolean addGenerationPrompt) {
    return tokenizer.encode(render(messages, addGenerationPrompt));
  }

  private String chatml(List<ChatMessage> messages, boolean generation) {
    StringBuilder s = new StringBuilder();
    if (defaultSystem != null && (messages.isEmpty() || !messages.get(0).role().equals("system"))) {
      s.append("<|im_start|>system\n").append(defaultSystem).append("<|im_end|>\n");
    }
    for (ChatMessage m : messages) {
      s.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
    }
    if (generation) {
      s.append("<|im_start|>assistant\n");
    }
    return s.toString();
  }

  private String llama3(List<ChatMessage> messages, boolean generation) {
    StringBuilder s = new StringBuilder("<|begin_of_text|>");
    for (ChatMessage m : messages) {
      s.append("<|start_header_id|>").append(m.role()).append("<|end_header_id|>\n\n")
          .append(m.content().strip()).append("<|eot_id|>");
    }
    if (generation) {
      s.append("<|start_header_id|>assistant<|end_header_id|>\n\n");
    }
    return s.toString();
  }

  /** Gemma has no system role: a system message is folded into the first user turn. */
  private String gemma(List<ChatMessage> messages, boolean generation) {
    List<ChatMessage> turns = new ArrayList<>(messages);
    if (!turns.isEmpty() && turns.get(0).role().equals("system")) {
      String system = turns.remove(0).content();
      if (!turns.isEmpty()) {
        turns.set(0, new ChatMessage(turns.get(0).role(), system + "\n\n" + turns.get(0).content()));
      }
    }
    StringBuilder s = new StringBuilder("<bos>");
    for (ChatMessage m : turns) {
      String role = m.role().equals("assistant") ? "model" : m.role();
      s.append("<start_of_turn>").append(role).append('\n').append(m.content().strip()).append("<end_of_turn>\n");
    }
    if (generation) {
      s.append("<start_of_turn>model\n");
    }
    return s.toString();
  }

  /** Llama 2 wraps each user turn in [INST] ... [/INST], with the system prompt inside the first. */
  private String llama2(List<ChatMessage> messages) {
    List<ChatMessage> turns = new ArrayList<>(messages);
    String system = null;
    if (!turns.isEmpty() && turns.get(0).role().equals("system")) {
      system = turns.remove(0).content();
    }
    StringBuilder s = new StringBuilder();
    for (ChatMessage m : turns) {
      if (m.role().equals("user")) {
        String content = m.content().strip();
        if (system != null) {
          content = "<<SYS>>\n" + system.strip() + "\n<</SYS>>\n\n" + content;
          system = null;
        }
        s.append("<s>[INST] ").append(content).append(" [/INST]");
      } else {
        s.append(' ').append(m.content().strip()).append(" </s>");
      }
    }
    return s.toString();
  }
}
