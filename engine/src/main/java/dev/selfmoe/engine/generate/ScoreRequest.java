package dev.selfmoe.engine.generate;

/** A continuation to score after a context, as multiple-choice evaluation asks. */
public record ScoreRequest(String context, String continuation) {}
