#!/usr/bin/env bash
# pgtest.sh start|restart|stop DIR: a throwaway PostgreSQL cluster for the
# postgres store's tests, listening on loopback only, with trust
# authentication (nothing but this machine can reach it).
#
#   start DIR    create the cluster in DIR if needed, start it and print its
#                URL (postgres://sitrep@127.0.0.1:PORT/sitrep?sslmode=disable)
#   restart DIR  stop it the quick way (connections are cut, as in a crash
#                or a failover) and start it again on the same port
#   stop DIR     stop it; DIR can then be removed
#
# It uses the Debian postgresql package's initdb and pg_ctl (apt-get install
# postgresql). PostgreSQL refuses to run as root: then DIR is handed to the
# postgres user (or $PGTEST_USER) and the server runs as that user.
set -euo pipefail

usage() { echo "usage: $0 start|restart|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
data=$dir/data

bin=
for b in /usr/lib/postgresql/*/bin; do
	[ -x "$b/pg_ctl" ] && bin=$b
done
if [ -z "$bin" ]; then
	if command -v pg_ctl >/dev/null; then
		bin=$(dirname "$(command -v pg_ctl)")
	else
		echo "pgtest: no PostgreSQL found; install it with: apt-get install postgresql" >&2
		exit 1
	fi
fi

# as runs a command as the cluster's owner.
as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "${PGTEST_USER:-postgres}" -- "$@"
	else
		"$@"
	fi
}

# freeport prints a loopback TCP port nothing listens on.
freeport() {
	local p
	for p in $(seq 55432 55631); do
		if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo "pgtest: no free port in 55432-55631" >&2
	exit 1
}

url() { echo "postgres://sitrep@127.0.0.1:$(cat "$dir/port")/sitrep?sslmode=disable"; }

pgstart() {
	# -w waits until it accepts connections; the log stays in DIR.
	as "$bin/pg_ctl" -D "$data" -l "$dir/log" -w -t 60 \
		-o "-p $(cat "$dir/port") -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
		start >/dev/null
}

case $cmd in
start)
	if [ ! -f "$data/PG_VERSION" ]; then
		[ "$(id -u)" = 0 ] && chown "${PGTEST_USER:-postgres}" "$dir"
		as "$bin/initdb" -D "$data" -U sitrep --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; exit 1; }
		freeport >"$dir/port"
	fi
	if ! as "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		# The port may have been taken since the cluster last ran.
		if (exec 3<>/dev/tcp/127.0.0.1/"$(cat "$dir/port")") 2>/dev/null; then
			freeport >"$dir/port"
		fi
		pgstart || { tail -20 "$dir/log" >&2; exit 1; }
	fi
	as "$bin/psql" -h "$dir" -p "$(cat "$dir/port")" -U sitrep -d postgres -qAtc \
		"SELECT 1 FROM pg_database WHERE datname = 'sitrep'" | grep -q 1 ||
		as "$bin/createdb" -h "$dir" -p "$(cat "$dir/port")" -U sitrep sitrep
	url
	;;
restart)
	# -m fast cuts every connection, as a crash or failover would.
	as "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
	pgstart || { tail -20 "$dir/log" >&2; exit 1; }
	url
	;;
stop)
	if [ -f "$data/PG_VERSION" ]; then
		as "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	;;
*)
	usage
	;;
esac
