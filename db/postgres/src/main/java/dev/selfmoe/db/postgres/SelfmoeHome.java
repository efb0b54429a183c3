package dev.selfmoe.db.postgres;

import java.nio.file.Path;

/** Where selfmoe keeps its state on this machine: {@code ~/.selfmoe} unless redirected. */
public final class SelfmoeHome {
  /** Overrides the location, e.g. to keep a CI run's state inside its work tree. */
  public static final String PROPERTY = "selfmoe.home";

  public static final String ENVIRONMENT_VARIABLE = "SELFMOE_HOME";

  private SelfmoeHome() {}

  public static Path directory() {
    String configured = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT_VARIABLE));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".selfmoe");
  }

  public static Path postgresData() {
    return directory().resolve("postgres");
  }

  public static Path postgresBinaries() {
    return directory().resolve("postgres-bin");
  }
}
