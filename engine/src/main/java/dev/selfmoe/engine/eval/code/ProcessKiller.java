package dev.selfmoe.engine.eval.code;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ends a sandboxed process and everything it started. The launcher runs under setsid, so its pid is also its
 * process group; children that left the group are caught by walking the descendants first.
 */
final class ProcessKiller {
  private ProcessKiller() {}

  static void killTree(Process proc) throws InterruptedException {
    // Snapshot before killing: once the parent dies, orphans are reparented and no longer its descendants.
    List<ProcessHandle> descendants = proc.descendants().toList();
    killGroup(proc.pid());
    for (ProcessHandle h : descendants) {
      h.destroyForcibly();
    }
    proc.destroyForcibly();
    proc.waitFor(5, TimeUnit.SECONDS);
    for (ProcessHandle h : descendants) {
      h.onExit().completeOnTimeout(h, 5, TimeUnit.SECONDS).join();
    }
  }

  private static void killGroup(long pgid) throws InterruptedException {
    try {
      new ProcessBuilder("kill", "-9", "--", "-" + pgid)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // No kill binary: the per-process kills below still run.
    }
  }
}
