package dev.selfmoe.db.postgres.codegen;

import dev.selfmoe.db.postgres.Directories;
import dev.selfmoe.db.postgres.EmbeddedPostgres;
import dev.selfmoe.db.postgres.MigrationScripts;
import dev.selfmoe.db.postgres.Migrations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HexFormat;
import org.jooq.Constants;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.Target;

/**
 * The build's code generator: migrates a throwaway embedded server and has jOOQ read the real schema from it, so
 * types such as jsonb come out as PostgreSQL sees them. The server stops and its directory goes, whatever happens.
 * When neither the scripts nor this generator changed since the last run into the same directory, it does nothing:
 * starting a server costs seconds on every build.
 *
 * <p>Usage: {@code JooqCodegen <output directory> <package>}
 */
public final class JooqCodegen {
  private JooqCodegen() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: JooqCodegen <output directory> <package>");
      System.exit(2);
    }
    try {
      generate(Path.of(args[0]), args[1]);
    } catch (Exception e) {
      System.err.println("jOOQ code generation failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  public static void generate(Path outputDirectory, String packageName) throws Exception {
    Path stamp = outputDirectory.resolveSibling(outputDirectory.getFileName() + ".inputs");
    String inputs = inputsFingerprint(packageName);
    if (Files.isDirectory(outputDirectory) && Files.exists(stamp) && Files.readString(stamp).equals(inputs)) {
      return;
    }
    Files.deleteIfExists(stamp);
    generateFromLiveSchema(outputDirectory, packageName);
    Files.writeString(stamp, inputs);
  }

  private static void generateFromLiveSchema(Path outputDirectory, String packageName) throws Exception {
    Path dataDirectory = Files.createTempDirectory("selfmoe-codegen-postgres-");
    try (EmbeddedPostgres server = EmbeddedPostgres.builder().dataDirectory(dataDirectory).durable(false).start()) {
      Migrations.apply(server.jdbcUrl(), server.user(), server.password());
      try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password())) {
        GenerationTool generator = new GenerationTool();
        generator.setConnection(connection);
        generator.run(configuration(outputDirectory, packageName));
      }
    } finally {
      Directories.deleteRecursively(dataDirectory);
    }
  }

  /** The scripts, this generator's own bytecode (its settings), jOOQ's version and the target package. */
  private static String inputsFingerprint(String packageName) throws IOException {
    byte[] generator;
    try (InputStream bytecode = JooqCodegen.class.getResourceAsStream("JooqCodegen.class")) {
      generator = bytecode.readAllBytes();
    }
    return String.join("\n", MigrationScripts.fingerprint(), HexFormat.of().formatHex(sha256(generator)),
        Constants.FULL_VERSION, packageName) + "\n";
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Configuration configuration(Path outputDirectory, String packageName) {
    return new Configuration()
        .withLogging(Logging.WARN)
        .withGenerator(new Generator()
            .withDatabase(new Database()
                .withName("org.jooq.meta.postgres.PostgresDatabase")
                .withInputSchema("public")
                // Unqualified names let the same classes work against any schema a connection points at.
                .withOutputSchemaToDefault(true)
                .withExcludes("flyway_schema_history"))
            .withGenerate(new Generate()
                .withRecords(true)
                .withPojos(false)
                .withDaos(false)
                .withJavaTimeTypes(true)
                .withGeneratedAnnotation(false))
            .withTarget(new Target()
                .withPackageName(packageName)
                .withDirectory(outputDirectory.toAbsolutePath().toString())
                .withClean(true)));
  }
}
