package dev.selfmoe.ui.read;

/** One scored benchmark item as the evaluation recorded it; {@code extracted} is null when no answer was found. */
public record Item(int index, String id, String group, String prompt, String output, String extracted, String target,
    boolean correct, double score) {}
