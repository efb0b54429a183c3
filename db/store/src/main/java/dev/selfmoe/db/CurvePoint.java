package dev.selfmoe.db;

/** One optimizer step of a training run; {@code tokensPerSecond} is null where it was not measured. */
public record CurvePoint(int step, double loss, double learningRate, Double tokensPerSecond) {}
