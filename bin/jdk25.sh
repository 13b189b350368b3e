# Sourced by the bin/ scripts: finds a JDK 25 or newer and exports JAVA_HOME, or explains what to install.
# Order: $JAVA_HOME, then `java` on the PATH, then the usual install locations.

mle_java_major() {
  # The JDK's release file names its version without starting a JVM (which costs a tenth of a second).
  local version
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  if [ -n "$version" ]; then
    echo "$version"
    return
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

mle_find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$d" ] && candidates+=("$d")
  done
  local c major
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(mle_java_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

if ! MLE_JDK=$(mle_find_jdk); then
  echo "mle needs a JDK 25 or newer, and none was found (looked at \$JAVA_HOME, java on the PATH and /usr/lib/jvm)." >&2
  echo "Install one, e.g. Temurin 25 (apt: temurin-25-jdk; or https://adoptium.net), then set JAVA_HOME to it." >&2
  exit 69
fi
export JAVA_HOME="$MLE_JDK"
# Maven itself on JDK 25 warns about sun.misc.Unsafe in its bundled Guava; the warning is not ours.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
