/**
 * Typed, idempotent stores over the generated jOOQ classes. Facts about content-addressed things (artifacts, their
 * recipes and lineage, evaluations and their items, curves, routing statistics) are written once: a retry finds the
 * row and leaves it. Pointers (an experiment's status, which artifact or evaluation plays a role in an experiment)
 * take the latest write.
 */
package dev.selfmoe.db;
