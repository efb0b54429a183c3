package dev.selfmoe.db.postgres;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL refuses to run as root, and CI runs as root. There, its programs run inside a user namespace as uid
 * 65534 (nobody), which sees root's files as its own; for any other user the command is left as it is.
 */
final class UnprivilegedCommand {
  private static final List<String> USER_NAMESPACE =
      List.of("unshare", "--user", "--map-user=65534", "--map-group=65534");

  private static volatile boolean namespaceVerified;

  private UnprivilegedCommand() {}

  static List<String> of(List<String> command) {
    if (new UnixSystem().getUid() != 0) {
      return command;
    }
    requireUserNamespace();
    List<String> wrapped = new ArrayList<>(USER_NAMESPACE);
    wrapped.addAll(command);
    return wrapped;
  }

  /** Tries the namespace once per JVM, so the failure names unshare rather than surfacing as a cryptic initdb error. */
  private static void requireUserNamespace() {
    if (namespaceVerified) {
      return;
    }
    List<String> probe = new ArrayList<>(USER_NAMESPACE);
    probe.add("true");
    String problem;
    try {
      Process process = new ProcessBuilder(probe).redirectErrorStream(true).start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        problem = "timed out";
      } else if (process.exitValue() != 0) {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        problem = output.strip().lines().findFirst().orElse("exit code " + process.exitValue());
      } else {
        problem = null;
      }
    } catch (IOException e) {
      problem = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
    }
    if (problem != null) {
      throw new EmbeddedPostgresException("PostgreSQL cannot run as root and `" + String.join(" ", probe)
          + "` failed (" + problem + "); run as a non-root user, or install util-linux >= 2.38 and allow user"
          + " namespaces (sysctl user.max_user_namespaces > 0)");
    }
    namespaceVerified = true;
  }
}
