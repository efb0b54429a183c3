package dev.selfmoe.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.selfmoe.db.postgres.EmbeddedPostgres;
import dev.selfmoe.db.postgres.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * selfmoe's database: a pooled connection to PostgreSQL, migrated to the newest schema on connect, and the typed
 * stores that read and write it. Thread-safe; one per process is enough.
 */
public final class SelfmoeDatabase implements AutoCloseable {
  private static final int POOL_SIZE = 8;
  private static final String CONNECT_TIMEOUT_SECONDS = "10";

  private final String jdbcUrl;
  private final HikariDataSource dataSource;
  private final DSLContext dsl;
  private final ExperimentRecords experiments;
  private final ArtifactRecords artifacts;
  private final SyntheticDataRecords syntheticData;
  private final TrainingCurveRecords trainingCurves;
  private final EvaluationRecords evaluations;
  private final RoutingRecords routing;

  private SelfmoeDatabase(String jdbcUrl, HikariDataSource dataSource) {
    this.jdbcUrl = jdbcUrl;
    this.dataSource = dataSource;
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
    this.experiments = new ExperimentRecords(dsl);
    this.artifacts = new ArtifactRecords(dsl);
    this.syntheticData = new SyntheticDataRecords(dsl);
    this.trainingCurves = new TrainingCurveRecords(dsl);
    this.evaluations = new EvaluationRecords(dsl);
    this.routing = new RoutingRecords(dsl);
  }

  /** Connects and migrates; throws {@link DatabaseUnreachableException} when no session can be opened. */
  public static SelfmoeDatabase connect(String jdbcUrl, String user, String password) {
    requireReachable(jdbcUrl, user, password);
    HikariDataSource dataSource = pool(jdbcUrl, user, password);
    try {
      Migrations.apply(dataSource);
      return new SelfmoeDatabase(jdbcUrl, dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  public static SelfmoeDatabase connect(EmbeddedPostgres server) {
    return connect(server.jdbcUrl(), server.user(), server.password());
  }

  public DSLContext dsl() {
    return dsl;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public ExperimentRecords experiments() {
    return experiments;
  }

  public ArtifactRecords artifacts() {
    return artifacts;
  }

  public SyntheticDataRecords syntheticData() {
    return syntheticData;
  }

  public TrainingCurveRecords trainingCurves() {
    return trainingCurves;
  }

  public EvaluationRecords evaluations() {
    return evaluations;
  }

  public RoutingRecords routing() {
    return routing;
  }

  /** Runs any one statement, for people exploring results; throws {@link SqlRejectedException} if it fails. */
  public QueryResult sql(String anySql) {
    return AdHocStatement.run(dataSource, anySql);
  }

  @Override
  public void close() {
    dataSource.close();
  }

  /** One plain connection first, because a pool's failure buries the reason under its own. */
  private static void requireReachable(String jdbcUrl, String user, String password) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
    try (Connection ignored = DriverManager.getConnection(jdbcUrl, properties)) {
      // Reachable.
    } catch (SQLException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage().strip().lines().findFirst().orElse("");
      throw new DatabaseUnreachableException(withoutPassword(jdbcUrl), reason, e);
    }
  }

  private static HikariDataSource pool(String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("selfmoe-db");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    return new HikariDataSource(config);
  }

  private static String withoutPassword(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
