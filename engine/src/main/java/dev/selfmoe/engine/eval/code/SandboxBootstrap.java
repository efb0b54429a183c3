package dev.selfmoe.engine.eval.code;

/**
 * The Python launcher run as {@code python3 -c}: it sets the resource limits on itself, optionally drops root, then
 * executes the program file as {@code __main__}. Doing this inside the interpreter needs no extra binaries and
 * applies the limits before any untrusted line runs.
 */
final class SandboxBootstrap {
  private SandboxBootstrap() {}

  /** argv: cpu seconds, address space bytes, file bytes, processes, drop-to-uid (-1 keeps), program path. */
  static final String SOURCE = String.join("\n",
      "import os, resource, sys",
      "cpu, mem, fsize, nproc, uid = (int(a) for a in sys.argv[1:6])",
      "path = sys.argv[6]",
      "for r, v in ((resource.RLIMIT_CPU, cpu), (resource.RLIMIT_AS, mem), (resource.RLIMIT_FSIZE, fsize),",
      "             (resource.RLIMIT_NPROC, nproc), (resource.RLIMIT_CORE, 0)):",
      "    resource.setrlimit(r, (v, v))",
      "with open(path, encoding='utf-8') as f:",
      "    src = f.read()",
      "if uid >= 0:",
      "    os.setgroups([])",
      "    os.setgid(uid)",
      "    os.setuid(uid)",
      "sys.argv = [path]",
      "sys.path[0] = os.path.dirname(path)",
      "code = compile(src, path, 'exec')",
      "exec(code, {'__name__': '__main__', '__file__': path, '__builtins__': __builtins__})",
      "");
}
