#!/usr/bin/env bash
# Runs a single-node Apache Cassandra 5.0 (Maven Central jars in server/lib) in the foreground on Java 17.
# Usage: JAVA=<java 17> start-cassandra.sh <state-dir> <native-port> <storage-port> [heap]
# The state dir holds data, commit log and the rendered cassandra.yaml; it survives restarts.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VAR="$1"; NATIVE_PORT="$2"; STORAGE_PORT="$3"; HEAP="${4:-256m}"
JAVA="${JAVA:-java}"
mkdir -p "$VAR"
sed -e "s/@NATIVE_PORT@/$NATIVE_PORT/g" -e "s/@STORAGE_PORT@/$STORAGE_PORT/g" \
    -e "s/@SSL_STORAGE_PORT@/$((STORAGE_PORT + 1))/g" "$HERE/conf/cassandra.yaml.template" > "$VAR/cassandra.yaml"
JAMM="$(ls "$HERE"/server/lib/jamm-*.jar | head -1)"
exec "$JAVA" \
  -Xms"$HEAP" -Xmx"$HEAP" -Xss256k \
  -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxTenuringThreshold=1 \
  -XX:+PerfDisableSharedMem -XX:+ExitOnOutOfMemoryError \
  -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m -XX:MaxDirectMemorySize=128m \
  ${CASSANDRA_EXTRA_JVM_OPTS:-} \
  -Djava.net.preferIPv4Stack=true \
  -Djdk.attach.allowAttachSelf=true \
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
  --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED \
  --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED \
  --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED \
  --add-exports java.sql/java.sql=ALL-UNNAMED \
  --add-exports java.base/java.lang.ref=ALL-UNNAMED \
  --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED \
  --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED \
  --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED \
  --add-opens java.base/java.lang.module=ALL-UNNAMED \
  --add-opens java.base/jdk.internal.loader=ALL-UNNAMED \
  --add-opens java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED \
  --add-opens java.base/jdk.internal.math=ALL-UNNAMED \
  --add-opens java.base/jdk.internal.module=ALL-UNNAMED \
  --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED \
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens java.base/java.io=ALL-UNNAMED \
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED \
  --add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED \
  --add-opens java.base/java.lang=ALL-UNNAMED \
  --add-opens java.base/java.util=ALL-UNNAMED \
  -Dio.netty.tryReflectionSetAccessible=true \
  -javaagent:"$JAMM" \
  -Dcassandra.config="file://$VAR/cassandra.yaml" \
  -Dlogback.configurationFile="$HERE/conf/logback.xml" \
  -Dcassandra.storagedir="$VAR" \
  -Dcassandra.logdir="$VAR" \
  -Dcassandra-foreground=yes \
  -Dcassandra.skip_wait_for_gossip_to_settle=0 \
  -Dcassandra.superuser_setup_delay_ms=0 \
  ${CASSANDRA_UNSAFE:+-Dcassandra.unsafesystem=true} \
  -cp "$HERE/conf:$HERE/server/lib/*" \
  org.apache.cassandra.service.CassandraDaemon
