package dev.selfmoe.workflows.sweep;

import dev.selfmoe.workflows.spec.SweepCell;
import java.util.List;

/** A sweep's cells as expanded from its spec, and the spec's text for the record. */
public record SweepInput(String name, String specJson, List<SweepCell> cells) {}
