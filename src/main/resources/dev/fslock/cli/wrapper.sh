# fslock run's wrapper: the child's side of spec/FsLock.tla, "fslock run: the child as co-owner".
# fslock (the holder) starts it as  /bin/sh -c "<this script>" fslock-wrapper COMMAND [ARGS...]
# (spec Spawn), then creates an owner entry naming this process (AddCoOwner). The wrapper runs the
# command only once that entry exists (ChildStat), by exec: the command keeps this process's pid
# and start time, so the entry names the command, and the lock stays held while it runs even if
# fslock is killed. If fslock dies before creating the entry (ChildProbeParent), the wrapper exits
# 75 without running the command. It never touches stdin, stdout or stderr of the command.
#
# Environment, set by fslock and removed before the command runs:
#   FSLOCK_W_ENTRY         the lock directory and the start of our entry's name: "$LOCK/o1_HOST_BOOT_PIDNS_";
#                          the entry is "$FSLOCK_W_ENTRY<pid>_<start>_<nonce>" (the nonce is fslock's choice)
#   FSLOCK_W_PARENT        fslock's pid
#   FSLOCK_W_PARENT_START  fslock's start time as its own entry names it: k<ticks> on Linux
# All names of this script start with fslock_ so that none of them reaches the command.

# Sets fslock_state and fslock_ticks to fields 3 and 22 of /proc/PID/stat; fails if it is absent.
fslock_stat() {
    fslock_s=
    read -r fslock_s 2>/dev/null < "/proc/$1/stat" || [ -n "$fslock_s" ] || return 1
    fslock_s=${fslock_s##*) }   # the command name (field 2) may hold spaces and parentheses
    set -- $fslock_s
    [ $# -ge 20 ] || return 1
    fslock_state=$1 fslock_ticks=${20}
}

if fslock_stat $$; then
    fslock_me="${FSLOCK_W_ENTRY}$$_k${fslock_ticks}_"
    fslock_proc=1
else
    # No /proc (macOS, BSD): our entry is matched by pid alone and the parent is probed by
    # kill -0 and by our parent pid (docs/cli.md, "Without /proc").
    fslock_me="${FSLOCK_W_ENTRY}$$_"
    fslock_proc=
fi
fslock_nap=0.005

while :; do
    # spec ChildStat: does the lock directory hold our entry? (The glob stands for the nonce.)
    for fslock_e in "$fslock_me"*; do
        if [ -e "$fslock_e" ]; then
            unset FSLOCK_W_ENTRY FSLOCK_W_PARENT FSLOCK_W_PARENT_START
            exec "$@"
        fi
    done
    # spec ChildProbeParent: fslock dead -> give up without running the command.
    if [ -n "$fslock_proc" ]; then
        if ! fslock_stat "$FSLOCK_W_PARENT" || [ "k$fslock_ticks" != "$FSLOCK_W_PARENT_START" ] \
                || [ "$fslock_state" = Z ] || [ "$fslock_state" = X ]; then
            fslock_parent_dead=1
        fi
    elif ! kill -0 "$FSLOCK_W_PARENT" 2>/dev/null \
            || [ "$(ps -o ppid= -p $$ 2>/dev/null | tr -d ' ')" != "$FSLOCK_W_PARENT" ]; then
        fslock_parent_dead=1
    fi
    if [ -n "${fslock_parent_dead:-}" ]; then
        echo "fslock: fslock (pid $FSLOCK_W_PARENT) died before it registered this command as co-owner of the lock;" \
            "the command was not run: $*" >&2
        exit 75
    fi
    # A busybox or BSD sleep without fractions sleeps whole seconds instead.
    sleep "$fslock_nap" 2>/dev/null || { fslock_nap=1; sleep 1; }
done
