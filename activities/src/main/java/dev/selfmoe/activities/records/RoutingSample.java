package dev.selfmoe.activities.records;

/** One evaluation's routing at one layer for one expert, with the variant and benchmark it was evaluated as. */
record RoutingSample(String variant, String benchmark, int layer, int expertIndex, String expertName,
    double meanWeight, double top1Share, long tokens) {}
