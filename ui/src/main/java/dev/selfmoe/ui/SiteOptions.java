package dev.selfmoe.ui;

import java.util.Optional;

/**
 * Where the site listens and where the Temporal Web UI is.
 *
 * @param port 0 for any free port
 * @param temporalWebUi the Web UI's base address, e.g. {@code http://127.0.0.1:8233}; empty when there is none
 */
public record SiteOptions(String host, int port, Optional<String> temporalWebUi, String namespace) {
  public static final int DEFAULT_PORT = 8080;
  public static final String LOOPBACK = "127.0.0.1";

  public SiteOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
  }
}
