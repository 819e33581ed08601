# Shell functions for finding the JDK and launching Payara Micro JVMs, sourced by ./flock (which sets
# PAYARA_JAR, defines die, and runs from the repository's root). The bench starts its JVMs in Java
# (devtools' PayaraInstance).

# The Java everything is built and run with: Payara Micro 7 needs 21 or newer, the code is compiled
# for 25.
readonly FLOCK_JAVA=25

# The feature version of the JDK at $1 (from its release file), empty when $1 is no JDK.
jdk_version() { [[ -x "$1/bin/javac" && -f "$1/release" ]] && sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"; }

# use_jdk: exports JAVA_HOME (and puts its bin first on PATH, for java and ./mvnw): $JAVA_HOME when it
# is a JDK $FLOCK_JAVA, else the first JDK $FLOCK_JAVA under /usr/lib/jvm; otherwise stops with how to
# get one.
use_jdk() {
  local jdk
  for jdk in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    if [[ "$(jdk_version "$jdk")" == "$FLOCK_JAVA" ]]; then
      export JAVA_HOME=$jdk PATH="$jdk/bin:$PATH"
      return
    fi
  done
  die "Flock needs a JDK $FLOCK_JAVA: JAVA_HOME${JAVA_HOME:+ ($JAVA_HOME)} is not one and none is under /usr/lib/jvm. Install one (e.g. Temurin $FLOCK_JAVA from https://adoptium.net, or Debian's openjdk-$FLOCK_JAVA-jdk where packaged) and set JAVA_HOME to it."
}

# flock_cluster COMMAND...: the local etcd cluster's command (raft-cluster's ClusterCli: ./flock
# cluster help), built first when raft-cluster's sources are newer than its jar. Needs use_jdk.
flock_cluster() {
  local jar=raft-cluster/target/raft-cluster.jar
  if [[ ! -f "$jar" || -n "$(find pom.xml raft-cluster/pom.xml raft-cluster/src/main -newer "$jar" -type f -print -quit)" ]]; then
    ./mvnw -q -B -Dstyle.color=never -Dmaven.test.skip=true -pl raft-cluster package >&2 || die "building raft-cluster failed (see above)"
  fi
  java -cp "$jar" dev.flock.raft.ClusterCli "$@"
}

# True when something accepts connections on the local port.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The JVM options in a file: one per line, blank lines and # comments ignored.
jvm_options() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1" | sed 's/^[[:space:]]*//;s/[[:space:]]*$//'; }

# launch_payara LOG JVM_OPTIONS_FILE NAME HTTP_PORT WAR PROPERTIES_FILE [JVM_OPTION...] [-- PAYARA_ARG...]:
# Payara Micro with WAR at the context root, in the background and in its own session (so Ctrl-C reaches only the
# launcher, which then stops the instances in order); the command line, then the console, go to
# LOG. Sets LAUNCHED_PID. JVM options given after the file's come later on the command line, so they
# win (e.g. a run's own -Xmx). --nohazelcast: no data grid at all, so nothing is shared between
# instances and no cluster port is opened (measured ~3 s faster and ~30 MB smaller than --nocluster).
# Every instance runs payara-config/post-boot.asadmin (or the file POST_BOOT names); a WAR's own pre-boot commands, if any, are in
# payara-config/<war name>.pre-boot.asadmin (backend.pre-boot.asadmin: listen on loopback only).
# Logs are Payara's ODL lines (payara-config/logging.properties), or JSON objects with
# FLOCK_LOG_FORMAT=json (logging-json.properties).
launch_payara() {
  local log=$1 options=$2 name=$3 port=$4 war=$5 properties=$6
  shift 6
  case "${FLOCK_LOG_FORMAT:-}" in
    "" | json) ;;
    *) die "FLOCK_LOG_FORMAT must be json or unset, not '$FLOCK_LOG_FORMAT'" ;;
  esac
  local -a jvm extra=() payara=() boot=(--postbootcommandfile "${POST_BOOT:-payara-config/post-boot.asadmin}")
  while (($#)) && [[ "$1" != -- ]]; do
    extra+=("$1")
    shift
  done
  (($#)) && shift && payara=("$@")
  local pre_boot
  pre_boot="payara-config/$(basename "$war" .war).pre-boot.asadmin"
  [[ -f "$pre_boot" ]] && boot+=(--prebootcommandfile "$pre_boot")
  mapfile -t jvm < <(jvm_options "$options")
  local -a command=(
    java "${jvm[@]}" "${extra[@]}" -jar "${PAYARA_JAR:?}"
    --nohazelcast --disablephonehome
    --name "$name"
    --port "$port"
    --contextroot /
    --deploy "$war"
    --systemproperties "$properties"
    --logproperties "payara-config/logging${FLOCK_LOG_FORMAT:+-$FLOCK_LOG_FORMAT}.properties"
    "${boot[@]}"
    "${payara[@]}"
  )
  printf '%s\n\n' "${command[*]}" >"$log"
  setsid "${command[@]}" >>"$log" 2>&1 </dev/null &
  LAUNCHED_PID=$!
}

# await_app PID LOG URL EXPECTED_STATUS TIMEOUT_SECONDS: waits until URL answers EXPECTED_STATUS.
# Payara Micro stays up and answers 404 when a deployment fails, so the probe is an application URL,
# and Payara's "Exception while loading the app", or a boot that has finished ("ready in") without
# the application answering within 30 s, counts as a failed deployment. Returns 1, the reason in
# LAUNCH_FAILURE, when the deployment failed, the JVM exited (PID must be a child of this shell) or
# the time ran out.
await_app() {
  local pid=$1 log=$2 url=$3 expected=$4 timeout=$5
  local started=$SECONDS booted_at="" code status
  while true; do
    if ! kill -0 "$pid" 2>/dev/null; then
      status=0
      wait "$pid" 2>/dev/null || status=$?
      LAUNCH_FAILURE="the JVM exited (status $status)"
      return 1
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null) || true
    [[ "$code" == "$expected" ]] && return 0
    if grep -q 'Exception while loading the app' "$log"; then
      LAUNCH_FAILURE="the deployment of the application failed"
      return 1
    fi
    if [[ -z "$booted_at" ]] && grep -q 'Payara Micro .* ready in' "$log"; then
      booted_at=$SECONDS
    fi
    if [[ -n "$booted_at" ]] && ((SECONDS - booted_at >= 30)); then
      LAUNCH_FAILURE="Payara Micro booted but $url answers ${code:-nothing}, not $expected: the deployment failed"
      return 1
    fi
    if ((SECONDS - started >= timeout)); then
      LAUNCH_FAILURE="not ready after $timeout s ($url answers ${code:-nothing}, expected $expected)"
      return 1
    fi
    sleep 0.5
  done
}
