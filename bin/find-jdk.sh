# Sourced by ./vmlp and jmh/run: defines find_jdk, which prints the home of a JDK 25 or newer
# (JAVA_HOME if it is one, else the java on PATH, else the newest in the usual install folders of
# Linux distributions, SDKMAN, asdf, mise, IntelliJ, Gradle and macOS), or prints nothing.

VMLP_NEEDED_JDK=25

# The feature version (17, 21, 25, ...) of the JDK at $1, or nothing when it is not a JDK.
jdk_version() {
  local home="$1" v=""
  [[ -x "$home/bin/java" ]] || return 0
  if [[ -f "$home/release" ]]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release")"
  fi
  if [[ -z "$v" ]]; then
    v="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -1)"
  fi
  echo "$v"
}

jdk_is_usable() {
  local v
  v="$(jdk_version "$1")"
  [[ -n "$v" && "$v" -ge "$VMLP_NEEDED_JDK" ]]
}

find_jdk() {
  if [[ -n "${JAVA_HOME:-}" ]] && jdk_is_usable "$JAVA_HOME"; then
    echo "$JAVA_HOME"; return
  fi
  if command -v java >/dev/null 2>&1; then
    local home
    home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    if jdk_is_usable "$home"; then echo "$home"; return; fi
  fi
  local candidate best="" best_version=0 v
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/java/* \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.asdf/installs/java/* \
      "$HOME"/.local/share/mise/installs/java/* "$HOME"/.jdks/* "$HOME"/.gradle/jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "$HOME"/Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -d "$candidate" ]] || continue
    v="$(jdk_version "$candidate")"
    if [[ -n "$v" && "$v" -ge "$VMLP_NEEDED_JDK" && "$v" -gt "$best_version" ]]; then
      best="$candidate"; best_version="$v"
    fi
  done
  echo "$best"
}

# Prints the JDK's home, or says on stderr what to install and exits 1.
require_jdk() {
  local jdk
  jdk="$(find_jdk)"
  if [[ -z "$jdk" ]]; then
    echo "$1: no JDK $VMLP_NEEDED_JDK or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, SDKMAN, asdf, mise, IDE folders); install one (e.g. 'apt-get install temurin-25-jdk' or 'sdk install java 25-tem') or set JAVA_HOME" >&2
    exit 1
  fi
  echo "$jdk"
}
