package dev.selfmoe.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the platform's services are. Nothing given: an embedded PostgreSQL and a local Temporal server under the
 * selfmoe home. {@code --temporal} and {@code --db} point at external ones instead.
 */
final class PlatformOptions {
  @Option(names = "--temporal", paramLabel = "HOST:PORT",
      description = "An external Temporal frontend (default: start a local one).")
  String temporal;

  @Option(names = "--temporal-ui", paramLabel = "URL",
      description = "The Web UI of the external Temporal server, e.g. http://host:8233, for the results site's links.")
  String temporalUi;

  @Option(names = "--db", paramLabel = "JDBC_URL",
      description = "An external PostgreSQL, e.g. jdbc:postgresql://host/selfmoe (default: the embedded one).")
  String db;

  @Option(names = "--db-user", defaultValue = "${env:SELFMOE_DB_USER:-postgres}", description = "Database user.")
  String dbUser;

  @Option(names = "--db-password", defaultValue = "${env:SELFMOE_DB_PASSWORD:-}",
      description = "Database password (or $SELFMOE_DB_PASSWORD).")
  String dbPassword;

  @Option(names = "--home", paramLabel = "DIR", defaultValue = "${env:SELFMOE_HOME:-${sys:user.home}/.selfmoe}",
      description = "State of the embedded services and the artifact store (default: ~/.selfmoe).")
  Path home;

  @Option(names = "--artifacts", paramLabel = "DIR",
      description = "Artifact store directory (default: HOME/artifacts; share it between workers).")
  Path artifacts;

  @Option(names = "--temporal-bin", paramLabel = "FILE",
      description = "The Temporal CLI to run the local dev server with (default: found on PATH or in the cache).")
  Path temporalBinary;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:SELFMOE_DATA:-data}",
      description = "Benchmark data root for specs that name none (default: $SELFMOE_DATA or ./data).")
  Path data;

  Path artifactRoot() {
    return artifacts != null ? artifacts : home.resolve("artifacts");
  }
}
