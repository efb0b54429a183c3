package dev.selfmoe.engine.hub;

import dev.selfmoe.engine.EngineException;
import java.util.regex.Pattern;

/** A Hugging Face hub model id {@code org/name}, optionally pinned with {@code @revision}. */
public record HubModelId(String org, String name, String revision) {
  private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
  private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._/-]{1,100}");

  public static boolean looksLikeId(String spec) {
    int slash = spec.indexOf('/');
    return slash > 0 && spec.indexOf('/', slash + 1) < 0 && !spec.startsWith(".") && !spec.endsWith(".gguf");
  }

  public static HubModelId parse(String spec) {
    String id = spec;
    String revision = "main";
    int at = spec.indexOf('@');
    if (at >= 0) {
      id = spec.substring(0, at);
      revision = spec.substring(at + 1);
    }
    String[] parts = id.split("/", -1);
    if (parts.length != 2 || !PART.matcher(parts[0]).matches() || !PART.matcher(parts[1]).matches()
        || !REVISION.matcher(revision).matches() || revision.contains("..")) {
      throw new EngineException("not a Hugging Face model id: '" + spec + "' (expected org/name or org/name@revision)");
    }
    return new HubModelId(parts[0], parts[1], revision);
  }

  /** The directory name inside the cache: one per model and revision. */
  public String cacheKey() {
    return org + "--" + name + "/" + revision.replace('/', '_');
  }

  @Override
  public String toString() {
    return org + "/" + name + (revision.equals("main") ? "" : "@" + revision);
  }
}
