#!/usr/bin/env bash
# Runs the development/test Elasticsearch on 127.0.0.1.
#
#   es/elasticsearch.sh foreground        run until Ctrl-C (make elasticsearch)
#   es/elasticsearch.sh start             start in the background, wait for health
#   es/elasticsearch.sh stop              stop the background node
#
# Environment: ES_PORT (default 9200), ES_NAME (instance folder under
# var/elasticsearch, default "dev"), ES_FRESH=1 to start with empty data,
# ES_HEAP (default 1g).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
port=${ES_PORT:-9200}
name=${ES_NAME:-dev}
heap=${ES_HEAP:-1g}
dist="$root/var/elasticsearch/dist"
home="$root/var/elasticsearch/$name"
log="$home/elasticsearch.log"
pidfile="$home/elasticsearch.pid"

say() { echo "elasticsearch: $*" >&2; }

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
description=Token filters and tokenizers the directory's mapping uses (synonym_graph, edge_ngram, stemmer, asciifolding)
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

layout_home() {
  if [ "${ES_FRESH:-0}" = 1 ]; then rm -rf "$home"; fi
  mkdir -p "$home/config" "$home/plugins" "$home/logs"
  rm -rf "$home/modules"
  ln -s "$dist/modules" "$home/modules"
}

java_cmd() {
  echo java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.formatMsgNoLookups=true \
    -p "$dist/lib" --add-modules ALL-MODULE-PATH -cp "$dist/classes" \
    DirectoryElasticsearch "$home" "$port"
}

healthy() {
  curl -fsS -m 2 "http://127.0.0.1:$port/_cluster/health" 2>/dev/null | grep -qE '"status":"(green|yellow)"'
}

case "${1:-}" in
  foreground)
    prepare; layout_home
    say "http://127.0.0.1:$port (data in $home)"
    exec $(java_cmd)
    ;;
  start)
    if healthy; then say "already answering on port $port"; exit 0; fi
    prepare; layout_home
    nohup $(java_cmd) >"$log" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 120); do
      if healthy; then say "ready on http://127.0.0.1:$port (log: $log)"; exit 0; fi
      if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        say "the server exited while starting; last lines of $log:"; tail -n 30 "$log" >&2; exit 1
      fi
      sleep 1
    done
    say "not healthy after 120 s; log: $log"; tail -n 30 "$log" >&2; exit 1
    ;;
  stop)
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
      if kill "$pid" 2>/dev/null; then
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -9 "$pid" 2>/dev/null || true
      fi
      rm -f "$pidfile"
    fi
    ;;
  *)
    echo "usage: $0 foreground|start|stop" >&2; exit 2 ;;
esac
