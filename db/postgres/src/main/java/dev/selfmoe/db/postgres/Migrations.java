package dev.selfmoe.db.postgres;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings a database to the newest schema with the Flyway scripts in {@code db/migration} beside this class. */
public final class Migrations {
  public static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  /** Returns how many scripts ran: all of them on an empty database, none on an up-to-date one. */
  public static int apply(DataSource dataSource) {
    return run(Flyway.configure(Migrations.class.getClassLoader()).dataSource(dataSource));
  }

  public static int apply(String jdbcUrl, String user, String password) {
    return run(Flyway.configure(Migrations.class.getClassLoader()).dataSource(jdbcUrl, user, password));
  }

  private static int run(FluentConfiguration configuration) {
    MigrateResult result = configuration
        .locations(LOCATION)
        .failOnMissingLocations(true)
        .load()
        .migrate();
    return result.migrationsExecuted;
  }
}
