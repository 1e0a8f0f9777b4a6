#!/usr/bin/env bash
# A CalendarPipe cluster of two or three nodes on this machine, behind Debian's haproxy (README "Cluster").
#
#   src/cluster/cluster.sh up [2|3]  build if needed, start the nodes (two unless told) and the balancer
#   src/cluster/cluster.sh down      stop them all (and heal a cut)
#   src/cluster/cluster.sh status    say which are up
#   src/cluster/cluster.sh start N | stop N | kill N    one node (kill is SIGKILL, as a power cut)
#   src/cluster/cluster.sh cut N     drop every JGroups packet between node N and the others (iptables
#                                    on loopback, root): a network partition, HTTP and PostgreSQL still up
#   src/cluster/cluster.sh heal      remove the rules cut added
#
# Settings (environment):
#   CALENDARPIPE_DB_URL        the shared PostgreSQL database (default
#                              jdbc:postgresql://127.0.0.1:5432/calendarpipe, created when missing)
#   CALENDARPIPE_DB_USER/_PASSWORD   default postgres/postgres
#   CALENDARPIPE_CLUSTER_PORT  the balancer's HTTP port (default 8080); node N listens on PORT+N,
#                              and every other port of node N moves by PORT-8080+N (management
#                              9990+that, JGroups 7600+that, the SMTP listener 2525+that; failure
#                              detection 57600+that, wrapped below 65536). Node N's JGroups traffic
#                              uses its own loopback address, 127.0.0.N, so that cut can tell nodes apart
#   CALENDARPIPE_CLUSTER_DIR   where the nodes' configuration, logs and pid files live
#                              (default target/cluster, or target/cluster-PORT for another port)
#   CALENDARPIPE_CLUSTER_WAR   the application the nodes run (default target/ROOT.war)
# Any other CALENDARPIPE_* setting is passed to the nodes as it is; CALENDARPIPE_CLUSTER_SIZE is the
# node count unless set; CALENDARPIPE_SECRETS_KEY, unless set, is made once into the cluster's folder
# (secrets.key) and given to every node, which must share it.
set -euo pipefail

project="$(cd "$(dirname "$0")/../.." && pwd)"
port="${CALENDARPIPE_CLUSTER_PORT:-8080}"
if [ "$port" = 8080 ]; then default_dir="$project/target/cluster"; else default_dir="$project/target/cluster-$port"; fi
state="${CALENDARPIPE_CLUSTER_DIR:-$default_dir}"
home="$project/target/cluster-server"
war="${CALENDARPIPE_CLUSTER_WAR:-$project/target/ROOT.war}"
export CALENDARPIPE_DB_URL="${CALENDARPIPE_DB_URL:-jdbc:postgresql://127.0.0.1:5432/calendarpipe}"
export CALENDARPIPE_DB_USER="${CALENDARPIPE_DB_USER:-postgres}"
export CALENDARPIPE_DB_PASSWORD="${CALENDARPIPE_DB_PASSWORD:-postgres}"

offset() { echo $((port - 8080 + $1)); }
jgroups_port() { echo $((7600 + $(offset "$1"))); }
fd_port() { echo $((57600 + $(offset "$1") % 7900)); }
private_address() { echo "127.0.0.$1"; }
# how many nodes `up` started (kept in the state directory for the other commands)
count() { cat "$state/nodes" 2>/dev/null || echo 2; }
http_port() { echo $((port + $1)); }
management_port() { echo $((9990 + $(offset "$1"))); }
pid_of() {   # the pid in the file, if that process is alive
    local file="$state/$1.pid"
    [ -s "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null && cat "$file"
}
answers() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

build_if_needed() {
    if [ ! -x "$home/bin/standalone.sh" ] || [ ! -f "$war" ]; then
        echo "== building the clustered server (mvn -Pcluster package)"
        (cd "$project" && mvn -B -q -Pcluster package -DskipTests)
    fi
}

database() {   # PostgreSQL only: an embedded H2 file cannot be shared by two processes
    case "$CALENDARPIPE_DB_URL" in
        jdbc:postgresql://*) ;;
        *) echo "CALENDARPIPE_DB_URL must name a PostgreSQL database for a cluster" >&2; exit 1 ;;
    esac
    local rest="${CALENDARPIPE_DB_URL#jdbc:postgresql://}"
    local hostport="${rest%%/*}" name="${rest#*/}"
    name="${name%%\?*}"
    local host="${hostport%%:*}" dbport="${hostport##*:}"
    [ "$dbport" = "$hostport" ] && dbport=5432
    if command -v psql >/dev/null && ! PGPASSWORD="$CALENDARPIPE_DB_PASSWORD" psql -h "$host" -p "$dbport" \
            -U "$CALENDARPIPE_DB_USER" -d "$name" -qc 'select 1' >/dev/null 2>&1; then
        echo "== creating database $name"
        PGPASSWORD="$CALENDARPIPE_DB_PASSWORD" psql -h "$host" -p "$dbport" -U "$CALENDARPIPE_DB_USER" \
            -d postgres -qc "CREATE DATABASE \"$name\""
    fi
}

secrets_key() {   # the nodes must share the key that seals webhook secrets and TOTP seeds (README "Secrets at rest")
    if [ -n "${CALENDARPIPE_SECRETS_KEY:-}" ]; then echo "$CALENDARPIPE_SECRETS_KEY"; return; fi
    if [ ! -s "$state/secrets.key" ]; then
        (umask 077; head -c 32 /dev/urandom | base64 > "$state/secrets.key")
    fi
    cat "$state/secrets.key"
}

start_node() {
    local n="$1"
    local base="$state/node-$n"
    if pid_of "node-$n" >/dev/null; then echo "node $n is already up"; return; fi
    # a fresh configuration each start: everything a node keeps lives in the database
    rm -rf "$base"
    mkdir -p "$base/deployments"
    cp -r "$home/standalone/configuration" "$base/configuration"
    rm -rf "$base/configuration/standalone_xml_history"
    cp "$war" "$base/deployments/ROOT.war"
    echo "== starting node $n on 127.0.0.1:$(http_port "$n") (management $(management_port "$n"))"
    JBOSS_PIDFILE="$state/node-$n.pid" LAUNCH_JBOSS_IN_BACKGROUND=1 \
    CALENDARPIPE_CLUSTER_SIZE="${CALENDARPIPE_CLUSTER_SIZE:-$(count)}" \
    CALENDARPIPE_DATA_DIR="$base/data" CALENDARPIPE_SECRETS_KEY="$(secrets_key)" \
        setsid nohup "$home/bin/standalone.sh" \
            -Djboss.server.base.dir="$base" \
            -Djboss.node.name="node-$n" -Djboss.tx.node.id="node-$n" \
            -Djboss.socket.binding.port-offset="$(offset "$n")" \
            -Dcalendarpipe.smtp-listen="127.0.0.1:$((2525 + $(offset "$n")))" \
            -Djboss.bind.address=127.0.0.1 -Djboss.bind.address.private="$(private_address "$n")" \
            -Djboss.bind.address.management=127.0.0.1 -Djava.net.preferIPv4Stack=true \
            -Dcalendarpipe.cluster.name="calendarpipe-$port" \
            -Dcalendarpipe.cluster.fd.port="$(fd_port "$n")" \
            -Dcalendarpipe.cluster.node1.host="$(private_address 1)" -Dcalendarpipe.cluster.node1.port="$(jgroups_port 1)" \
            -Dcalendarpipe.cluster.node2.host="$(private_address 2)" -Dcalendarpipe.cluster.node2.port="$(jgroups_port 2)" \
            -Dcalendarpipe.cluster.node3.host="$(private_address 3)" -Dcalendarpipe.cluster.node3.port="$(jgroups_port 3)" \
            >"$state/node-$n.log" 2>&1 </dev/null &
}

wait_node() {
    local n="$1" url="http://127.0.0.1:$(http_port "$1")/api/v1/status"
    for _ in $(seq 1 240); do
        if answers "$url"; then echo "node $n is up"; return 0; fi
        if [ -f "$state/node-$n.pid" ] && ! pid_of "node-$n" >/dev/null; then break; fi
        sleep 0.5
    done
    echo "node $n did not start; see $state/node-$n.log and $state/node-$n/log/server.log" >&2
    return 1
}

stop_node() {   # $2: the signal (TERM lets WildFly shut down cleanly, KILL does not)
    local n="$1" signal="${2:-TERM}" pid
    pid="$(pid_of "node-$n")" || { echo "node $n is not running"; return 0; }
    kill "-$signal" "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    rm -f "$state/node-$n.pid"
    echo "node $n stopped (SIG$signal)"
}

start_balancer() {
    if pid_of haproxy >/dev/null; then echo "the balancer is already up"; return; fi
    if ! command -v haproxy >/dev/null; then
        echo "== installing haproxy"
        local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
        $sudo apt-get update -qq
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
    fi
    cat >"$state/haproxy.cfg" <<EOF
# written by src/cluster/cluster.sh: round robin, no stickiness, a node out after two failed checks
global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    # a request whose node died before answering is sent again to the other node
    retries 3
    option redispatch
frontend calendarpipe
    bind 127.0.0.1:$port
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /api/v1/status
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
EOF
    for n in $(seq 1 "$(count)"); do
        echo "    server node-$n 127.0.0.1:$(http_port "$n") check" >>"$state/haproxy.cfg"
    done
    haproxy -c -q -f "$state/haproxy.cfg"
    haproxy -D -f "$state/haproxy.cfg" -p "$state/haproxy.pid"
    echo "the balancer is up on 127.0.0.1:$port"
}

status() {
    local all=0
    for n in $(seq 1 "$(count)"); do
        if pid_of "node-$n" >/dev/null && answers "http://127.0.0.1:$(http_port "$n")/api/v1/status"; then
            echo "node $n: up (127.0.0.1:$(http_port "$n"))"
        elif pid_of "node-$n" >/dev/null; then
            echo "node $n: starting or not answering"; all=1
        else
            echo "node $n: down"; all=1
        fi
    done
    if pid_of haproxy >/dev/null; then echo "balancer: up (127.0.0.1:$port)"; else echo "balancer: down"; all=1; fi
    return $all
}

# The partition: every packet from or to node N's loopback address on the cluster's JGroups and
# failure-detection ports is dropped, both ways, so N and the others stop hearing each other
# without any connection being refused (a switch that drops traffic, the common case). Each rule
# carries a comment naming this cluster, which is how heal finds them.
cut_rules() {   # $1: -A or -D, $2: the node
    local ports="" a="$(private_address "$2")" k
    for k in 1 2 3; do ports="$ports${ports:+,}$(jgroups_port "$k"),$(fd_port "$k")"; done
    for direction in -s -d; do
        iptables -w "$1" INPUT -i lo -p tcp "$direction" "$a" -m multiport --ports "$ports" \
            -m comment --comment "calendarpipe-cut-$port-$2" -j DROP
    done
}
heal() {
    local rules rule
    rules="$(iptables -w -S INPUT 2>/dev/null | grep -e "--comment \"\?calendarpipe-cut-$port-" || true)"
    [ -n "$rules" ] || return 0
    while read -r rule; do
        # the rule as listed, -A turned into -D
        eval "iptables -w -D ${rule#-A }"
    done <<<"$rules"
}

mkdir -p "$state"
case "${1:-}" in
    up)
        nodes="${2:-2}"
        case "$nodes" in 2|3) ;; *) echo "up takes 2 or 3 nodes" >&2; exit 2 ;; esac
        echo "$nodes" >"$state/nodes"
        build_if_needed
        database
        # all at once: Flyway migrates under PostgreSQL's advisory lock, so one node
        # migrates and the others wait and find the schema done
        for n in $(seq 1 "$nodes"); do start_node "$n"; done
        for n in $(seq 1 "$nodes"); do wait_node "$n"; done
        start_balancer
        ;;
    down)
        if pid=$(pid_of haproxy); then kill "$pid"; rm -f "$state/haproxy.pid"; echo "balancer stopped"; fi
        for n in 1 2 3; do if pid_of "node-$n" >/dev/null; then stop_node "$n"; fi; done
        if command -v iptables >/dev/null; then heal; fi
        ;;
    cut)
        n="${2:?node number}"
        command -v iptables >/dev/null || { echo "cut needs iptables (apt-get install iptables)" >&2; exit 1; }
        cut_rules -A "$n"
        echo "node $n cut off from the others (JGroups traffic of $(private_address "$n") dropped)"
        ;;
    heal) heal; echo "every cut of this cluster removed" ;;
    status) status ;;
    start) build_if_needed; database; start_node "${2:?node number}"; wait_node "$2" ;;
    stop) stop_node "${2:?node number}" TERM ;;
    kill) stop_node "${2:?node number}" KILL ;;
    *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
