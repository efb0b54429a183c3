package dev.selfmoe.engine.eval.code;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How programs are walled off from the host, decided once by trying it. With namespaces each program gets no
 * network (only loopback), its own PID namespace (so killing its init kills every process it spawned, even ones
 * that left the process group) and a mount namespace where the root is read-only except its work directory.
 */
final class SandboxIsolation {
  /** The kernel does not enforce RLIMIT_NPROC for root, so a root host runs programs as nobody. */
  static final int NOBODY = 65534;

  private static final String MOUNT_SCRIPT = String.join("\n",
      "set -e",
      "mount --bind \"$1\" \"$1\"",
      "mount -o remount,bind,ro /",
      "if [ -d /dev/shm ]; then mount -t tmpfs -o size=1m,mode=1777 tmpfs /dev/shm; fi",
      "cd \"$1\"",
      "shift",
      "exec \"$@\"");

  final boolean namespaces;
  final boolean root;
  final String python;

  SandboxIsolation(boolean namespaces, boolean root, String python) {
    this.namespaces = namespaces;
    this.root = root;
    this.python = python;
  }

  /** Root drops to nobody, so the interpreter (and its stdlib) must be readable by others: /root/... is not. */
  static SandboxIsolation candidate(boolean namespaces) {
    boolean root = "root".equals(System.getProperty("user.name"));
    String python = System.getProperty("selfmoe.python");
    if (python == null) {
      python = root && Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
    return new SandboxIsolation(namespaces, root, python);
  }

  List<String> command(Path work, Path program, SandboxLimits limits) {
    List<String> cmd = new ArrayList<>();
    // setsid makes the launcher a group leader, so the whole group can be killed with kill -9 -PGID.
    cmd.add("setsid");
    if (namespaces) {
      cmd.addAll(List.of("unshare", root ? "-nmpf" : "-rnmpf", "--kill-child", "--propagation", "private",
          "sh", "-c", MOUNT_SCRIPT, "sh", work.toString()));
    }
    cmd.addAll(List.of(python, "-c", SandboxBootstrap.SOURCE,
        Integer.toString(limits.cpuSeconds()), Long.toString(limits.memoryBytes()),
        Long.toString(limits.fileBytes()), Integer.toString(limits.processes()),
        Integer.toString(root ? NOBODY : -1), program.toString()));
    return cmd;
  }
}
