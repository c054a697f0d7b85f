# shellcheck shell=sh
# Sourced by the zxvmo scripts: cache location, logging and locking.
# Everything outside the git tree lives under $ZXVMO_CACHE.

ZXVMO_CACHE=${ZXVMO_CACHE:-$HOME/.cache/zxvmo}
ZXVMO_SCRIPTS=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2034 # used by the scripts that source this file
ZXVMO_TOP=$(dirname "$ZXVMO_SCRIPTS")

log() {
	echo "$(basename "$0"): $*" >&2
}

die() {
	log "$*"
	exit 1
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

# lock NAME: hold an exclusive lock on $ZXVMO_CACHE/NAME.lock (fd 9) until
# the calling script exits, so that concurrent runs do not build the same
# thing twice or read a half-built cache entry.
lock() {
	mkdir -p "$ZXVMO_CACHE"
	exec 9>"$ZXVMO_CACHE/$1.lock"
	if ! flock -n 9; then
		log "waiting for another run holding $ZXVMO_CACHE/$1.lock"
		flock 9
	fi
}

# short_hash: first 12 hex digits of the sha256 of stdin.
short_hash() {
	sha256sum | cut -c1-12
}
