# Sourced by the launcher and the test script: points JAVA_HOME at a JDK 21 or newer.
selfmoe_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}

selfmoe_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(selfmoe_java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    echo "$JAVA_HOME"
    return
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -x "$dir/bin/javac" ] || continue
    major=$(selfmoe_java_major "$dir")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best="$dir"
      best_major="$major"
    fi
  done
  echo "$best"
}

JAVA_HOME="$(selfmoe_find_jdk)"
if [ -z "$JAVA_HOME" ]; then
  echo "selfmoe: needs a JDK 21 or newer (none found in JAVA_HOME or /usr/lib/jvm); install one, e.g. Temurin 25" >&2
  exit 1
fi
export JAVA_HOME
