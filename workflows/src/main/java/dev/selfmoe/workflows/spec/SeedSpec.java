package dev.selfmoe.workflows.spec;

import java.util.Map;
import java.util.TreeMap;

/** Seeds per domain: {@code count} drawn with {@code drawSeed} from the benchmark data, or the user's JSONL files. */
public record SeedSpec(int count, long drawSeed, Map<String, String> files) {
  static SeedSpec read(SpecNode n, long defaultSeed) {
    Map<String, String> files = new TreeMap<>();
    SpecNode f = n.child("files");
    for (Domain d : Domain.values()) {
      if (f.has(d.key())) {
        files.put(d.key(), f.text(d.key(), null));
      }
    }
    f.refuseUnknown();
    return new SeedSpec(n.integer("count", 100, 1, 100_000), n.longValue("draw_seed", defaultSeed), Map.copyOf(files));
  }
}
