#!/usr/bin/env bash
# Runs the development/test Elasticsearch on 127.0.0.1.
#
#   es/elasticsearch.sh foreground        run until Ctrl-C (make elasticsearch)
#   es/elasticsearch.sh start             start in the background, wait for health
#   es/elasticsearch.sh stop              stop the background node(s)
#   es/elasticsearch.sh status            one line per node: port, pid, cluster health
#
# A local cluster of several nodes (one JVM each), for failover tests and
# benchmarks: ES_NODES=3 es/elasticsearch.sh start. Node n (1..ES_NODES) serves
# HTTP on ES_PORT+n-1 and transport on ES_TRANSPORT_PORT+n-1, and keeps its data,
# log and pid under var/elasticsearch/<ES_NAME>-<n>/. Single nodes of it:
#
#   es/elasticsearch.sh kill-node N       kill -9 node N (a crash)
#   es/elasticsearch.sh stop-node N       stop node N cleanly
#   es/elasticsearch.sh start-node N      start node N again, wait until it has joined
#
# Environment: ES_PORT (default 9200), ES_NAME (instance folder under
# var/elasticsearch, default "dev"), ES_FRESH=1 to start with empty data,
# ES_HEAP (default 1g, per node), ES_NODES (unset: one single-node server in
# var/elasticsearch/<ES_NAME>, transport on ES_PORT+100), ES_TRANSPORT_PORT
# (first transport port of a cluster, default ES_PORT+100), ES_START_TIMEOUT
# (seconds to wait for health, default 120, 240 for a cluster), ES_NICE (run the
# JVMs at this niceness: a benchmark on one machine gives the web server first
# call on the CPU, as a cluster on machines of its own would leave it).
# Give start-node the same ES_NODES, ES_PORT and ES_TRANSPORT_PORT as start.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
port=${ES_PORT:-9200}
name=${ES_NAME:-dev}
heap=${ES_HEAP:-1g}
nodes=${ES_NODES:-}
transport=${ES_TRANSPORT_PORT:-$((port + 100))}
base="$root/var/elasticsearch"
dist="$base/dist"
cluster_name="directory-$name"

say() { echo "elasticsearch: $*" >&2; }

if [ -n "$nodes" ]; then
  case "$nodes" in
    *[!0-9]*) say "ES_NODES must be a number of nodes, not '$nodes'"; exit 2 ;;
  esac
  [ "$nodes" -ge 1 ] || { say "ES_NODES must be at least 1"; exit 2; }
fi
timeout=${ES_START_TIMEOUT:-$([ -n "$nodes" ] && echo 240 || echo 120)}

# select_node N: the folder, files and ports of node N of the cluster;
# select_node "" : the single-node server.
select_node() {
  node=$1
  if [ -z "$node" ]; then
    home="$base/$name"
    http=$port
  else
    home="$base/$name-$node"
    http=$((port + node - 1))
    tport=$((transport + node - 1))
    node_name="$cluster_name-$node"
  fi
  log="$home/elasticsearch.log"
  pidfile="$home/elasticsearch.pid"
}
select_node ""

# Lay out the server once: jars from Maven (cached in ~/.m2), the Netty
# transport as a module, and the launcher class. Redone when the pom or the
# launcher changes.
prepare() {
  local stamp="$dist/.ready"
  local newest
  newest=$(ls -t "$here/pom.xml" "$here/src/DirectoryElasticsearch.java" "$here/analysis/DirectoryAnalysisPlugin.java" | head -n 1)
  if [ -f "$stamp" ] && [ "$stamp" -nt "$newest" ]; then
    return
  fi
  command -v java >/dev/null || { say "java is not installed (Java 17 or newer is needed)"; exit 1; }
  command -v mvn >/dev/null || { say "mvn is not installed (Maven resolves the server jars)"; exit 1; }
  say "resolving Elasticsearch from Maven (first run only)"
  rm -rf "$dist"
  mkdir -p "$dist/all" "$dist/lib" "$dist/modules/transport-netty4" "$dist/classes" \
    "$dist/modules/directory-analysis" "$dist/analysis-classes"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$dist/all" >"$dist/maven.log" 2>&1 || {
      say "Maven could not resolve the server; see $dist/maven.log"; tail -n 20 "$dist/maven.log" >&2; exit 1; }
  local version
  version=$(sed -n 's:.*<elasticsearch.version>\(.*\)</elasticsearch.version>.*:\1:p' "$here/pom.xml")
  for jar in "$dist"/all/*.jar; do
    case "$(basename "$jar")" in
      netty-*|transport-netty4-*) mv "$jar" "$dist/modules/transport-netty4/" ;;
      *) mv "$jar" "$dist/lib/" ;;
    esac
  done
  cat >"$dist/modules/transport-netty4/plugin-descriptor.properties" <<PROPS
description=Netty 4 based HTTP and transport layer
version=$version
name=transport-netty4
classname=org.elasticsearch.transport.netty4.Netty4Plugin
java.version=17
elasticsearch.version=$version
extended.plugins=
has.native.controller=false
PROPS
  javac -p "$dist/lib" --add-modules ALL-MODULE-PATH -d "$dist/classes" \
    "$here/src/DirectoryElasticsearch.java"
  # The analysis components of Elastic's analysis-common module that the
  # directory uses, which Maven Central does not carry (see the class comment).
  javac -p "$dist/lib" --add-modules ALL-MODULE-PATH -d "$dist/analysis-classes" \
    "$here/analysis/DirectoryAnalysisPlugin.java"
  (cd "$dist/analysis-classes" && jar cf "$dist/modules/directory-analysis/directory-analysis.jar" .)
  cat >"$dist/modules/directory-analysis/plugin-descriptor.properties" <<PROPS
description=Analysis components the directory's mappings use (synonym_graph, edge_ngram, stemmer incl. Spanish, asciifolding, the spanish analyzer)
version=$version
name=directory-analysis
classname=DirectoryAnalysisPlugin
java.version=17
elasticsearch.version=$version
extended.plugins=
has.native.controller=false
PROPS
  touch "$stamp"
}

# layout_home [fresh]: the selected node's folder; "fresh" empties it first.
layout_home() {
  if [ "${1:-}" = fresh ]; then rm -rf "$home"; fi
  mkdir -p "$home/config" "$home/plugins" "$home/logs"
  rm -rf "$home/modules"
  ln -s "$dist/modules" "$home/modules"
  # Marks a node of a cluster, so that `stop` finds every node of ES_NAME.
  if [ -n "$node" ]; then echo "$cluster_name" >"$home/cluster"; fi
}

java_cmd() {
  cmd=(java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -Djava.awt.headless=true
    -Dlog4j2.formatMsgNoLookups=true
    -p "$dist/lib" --add-modules ALL-MODULE-PATH -cp "$dist/classes"
    DirectoryElasticsearch "$home" "$http")
  if [ -n "$node" ]; then
    local seeds="" masters="" n
    for n in $(seq 1 "$nodes"); do
      seeds+="${seeds:+,}127.0.0.1:$((transport + n - 1))"
      masters+="${masters:+,}$cluster_name-$n"
    done
    # The initial master nodes bootstrap a new cluster only; a node that has
    # already joined one keeps its cluster state in data/_state.
    if [ -d "$home/data/_state" ]; then masters=""; fi
    cmd+=("$tport" "$cluster_name" "$node_name" "$seeds" "$masters")
  fi
  if [ -n "${ES_NICE:-}" ]; then cmd=(nice -n "$ES_NICE" "${cmd[@]}"); fi
}

# is_node PID HOME: that process is running and is the node kept in HOME (a
# stale pid file never makes us signal some other process; an exited, not yet
# reaped process counts as gone).
is_node() {
  local args
  if [ -r "/proc/$1/cmdline" ]; then
    args=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  else
    args=$(ps -o args= -p "$1" 2>/dev/null) || return 1
  fi
  case "$args" in *"DirectoryElasticsearch $2 "*) return 0 ;; *) return 1 ;; esac
}

# gone PID: the process has exited and closed its ports (a zombie not yet
# reaped counts as gone; one still exiting does not).
gone() {
  local state
  if [ -r "/proc/$1/stat" ]; then
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
  else
    state=$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)
  fi
  case "$state" in ''|Z|X) return 0 ;; *) return 1 ;; esac
}

# closed PORT: nothing accepts connections on 127.0.0.1:PORT (curl exit 7).
# A killed process's listening sockets can outlive it by a moment.
closed() {
  local rc=0
  curl -s -o /dev/null -m 1 "http://127.0.0.1:$1/" 2>/dev/null || rc=$?
  [ "$rc" = 7 ]
}

# Prints the pid of the selected node if it is running.
running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  is_node "$pid" "$home" || return 1
  echo "$pid"
}

health() {
  curl -fsS -m 2 "http://127.0.0.1:$1/_cluster/health" 2>/dev/null
}

healthy() {
  health "$port" | grep -qE '"status":"(green|yellow)"'
}

# Some node of the cluster reports every node joined and green/yellow.
cluster_healthy() {
  local n reply
  for n in $(seq 1 "$nodes"); do
    reply=$(health $((port + n - 1))) || continue
    case "$reply" in
      *"\"cluster_name\":\"$cluster_name\""*"\"number_of_nodes\":$nodes,"*) ;;
      *) continue ;;
    esac
    if echo "$reply" | grep -qE '"status":"(green|yellow)"'; then return 0; fi
  done
  return 1
}

# The selected node answers as part of this cluster (it has found a master).
node_joined() {
  health "$http" | grep -qE "\"cluster_name\":\"$cluster_name\".*\"status\":\"(green|yellow)\""
}

# Starts the selected node in the background unless it is already running.
launch() {
  if running_pid >/dev/null; then return; fi
  layout_home "${1:-}"
  java_cmd
  nohup "${cmd[@]}" >"$log" 2>&1 &
  echo $! >"$pidfile"
}

# Stops the nodes whose folders are given: TERM to all, then kill -9 after 30 s.
stop_homes() {
  local h pid alive pids=()
  for h in "$@"; do
    if pid=$(home=$h pidfile="$h/elasticsearch.pid" running_pid); then
      kill "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  for _ in $(seq 1 30); do
    alive=0
    for pid in ${pids[@]+"${pids[@]}"}; do gone "$pid" || alive=1; done
    [ "$alive" = 0 ] && break
    sleep 1
  done
  for pid in ${pids[@]+"${pids[@]}"}; do
    gone "$pid" || kill -9 "$pid" 2>/dev/null || true
  done
  for pid in ${pids[@]+"${pids[@]}"}; do
    for _ in $(seq 1 30); do gone "$pid" && break; sleep 1; done
  done
  for h in "$@"; do rm -f "$h/elasticsearch.pid"; done
}

# Every folder of a cluster node of ES_NAME, whatever ES_NODES says now.
cluster_homes() {
  local h
  for h in "$base/$name"-*; do
    case "${h##*-}" in ''|*[!0-9]*) continue ;; esac
    if [ -f "$h/cluster" ] && [ "$(cat "$h/cluster")" = "$cluster_name" ]; then echo "$h"; fi
  done
}

stop_cluster() {
  local h homes=()
  while IFS= read -r h; do homes+=("$h"); done < <(cluster_homes)
  stop_homes "$@" ${homes[@]+"${homes[@]}"}
}

# The node number argument of kill-node, stop-node and start-node.
node_arg() {
  case "${1:-}" in
    ''|*[!0-9]*) say "usage: $0 ${cmd_name} N (a node number, 1..ES_NODES)"; exit 2 ;;
  esac
  if [ -n "$nodes" ] && [ "$1" -gt "$nodes" ]; then say "node $1 of $nodes?"; exit 2; fi
  select_node "$1"
}

cmd_name=${1:-}
case "$cmd_name" in
  foreground)
    if [ -n "$nodes" ]; then say "foreground runs one node; use start for ES_NODES=$nodes"; exit 2; fi
    prepare; layout_home "$([ "${ES_FRESH:-0}" = 1 ] && echo fresh)"
    say "http://127.0.0.1:$port (data in $home)"
    java_cmd
    exec "${cmd[@]}"
    ;;
  start)
    if [ -z "$nodes" ]; then
      if healthy; then say "already answering on port $port"; exit 0; fi
      prepare; layout_home "$([ "${ES_FRESH:-0}" = 1 ] && echo fresh)"
      java_cmd
      nohup "${cmd[@]}" >"$log" 2>&1 &
      echo $! >"$pidfile"
      for _ in $(seq 1 "$timeout"); do
        if healthy; then say "ready on http://127.0.0.1:$port (log: $log)"; exit 0; fi
        if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
          say "the server exited while starting; last lines of $log:"; tail -n 30 "$log" >&2; exit 1
        fi
        sleep 1
      done
      say "not healthy after $timeout s; log: $log"; tail -n 30 "$log" >&2; exit 1
    fi
    if cluster_healthy; then say "cluster $cluster_name already answering on ports $port-$((port + nodes - 1))"; exit 0; fi
    prepare
    for n in $(seq 1 "$nodes"); do
      select_node "$n"
      launch "$([ "${ES_FRESH:-0}" = 1 ] && echo fresh)"
    done
    for _ in $(seq 1 "$timeout"); do
      if cluster_healthy; then
        say "cluster $cluster_name of $nodes nodes ready on http://127.0.0.1:$port-$((port + nodes - 1)) (logs: $base/$name-N/elasticsearch.log)"
        exit 0
      fi
      for n in $(seq 1 "$nodes"); do
        select_node "$n"
        if ! running_pid >/dev/null; then
          say "node $n exited while starting; last lines of $log:"; tail -n 30 "$log" >&2
          stop_cluster; exit 1
        fi
      done
      sleep 1
    done
    say "cluster not healthy with $nodes nodes after $timeout s; logs: $base/$name-N/elasticsearch.log"
    select_node 1; tail -n 30 "$log" >&2
    stop_cluster; exit 1
    ;;
  stop)
    stop_cluster "$base/$name"
    ;;
  kill-node)
    node_arg "${2:-}"
    if pid=$(running_pid); then
      kill -9 "$pid"
      for _ in $(seq 1 300); do gone "$pid" && break; sleep 0.1; done
      for _ in $(seq 1 100); do closed "$http" && closed "$tport" && break; sleep 0.1; done
      say "killed node $node (pid $pid, port $http)"
    else
      say "node $node is not running"
    fi
    rm -f "$pidfile"
    ;;
  stop-node)
    node_arg "${2:-}"
    stop_homes "$home"
    ;;
  start-node)
    [ -n "$nodes" ] || { say "start-node needs ES_NODES (and ES_PORT) as given to start"; exit 2; }
    node_arg "${2:-}"
    prepare
    launch
    for _ in $(seq 1 "$timeout"); do
      if node_joined; then say "node $node is back in $cluster_name on http://127.0.0.1:$http"; exit 0; fi
      if ! running_pid >/dev/null; then
        say "node $node exited while starting; last lines of $log:"; tail -n 30 "$log" >&2; exit 1
      fi
      sleep 1
    done
    say "node $node did not join after $timeout s; log: $log"; tail -n 30 "$log" >&2; exit 1
    ;;
  status)
    if [ -z "$nodes" ]; then
      echo "single node: port $port, pid $(running_pid || echo -): $(health "$port" || echo 'not answering')"
    else
      for n in $(seq 1 "$nodes"); do
        select_node "$n"
        echo "node $n: port $http, transport $tport, pid $(running_pid || echo -): $(health "$http" || echo 'not answering')"
      done
    fi
    ;;
  *)
    echo "usage: $0 foreground|start|stop|status|kill-node N|stop-node N|start-node N" >&2; exit 2 ;;
esac
