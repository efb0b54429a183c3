package dev.selfmoe.workflows.spec;

/** One cell of a sweep: a label such as {@code domains=knowledge+reasoning} and the experiment it runs. */
public record SweepCell(String label, ExperimentSpec spec) {}
