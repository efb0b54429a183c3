package dev.selfmoe.worker.temporal;

import java.util.Optional;

/** A Temporal frontend that selfmoe started for this run and stops when closed. */
public interface TemporalServer extends AutoCloseable {
  /** The gRPC frontend as {@code host:port}, ready for {@link TemporalServers#connect(String)}. */
  String target();

  /** Where a browser shows this server's workflows; empty when the server has no Web UI. */
  Optional<String> webUiUrl();

  /** Whether workflows outlive this server: true when they are persisted to disk. */
  boolean durable();

  /** One line for the user saying which server runs, where, and where its data lives. */
  String description();

  @Override
  void close();
}
