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
#   FSLOCK_W_PARENT_START  fslock's start time as its own entry names it: k<ticks> on Linux, in the
#                          initial time namespace (docs/probe-soundness.md)
# All names of this script start with fslock_ so that none of them reaches the command.

# Sets fslock_state, fslock_threads and fslock_ticks to fields 3, 20 and 22 of /proc/$1/stat
# (fslock_stat self: this shell itself, whatever its pid is in the procfs we read); fails if absent.
fslock_stat() {
    fslock_s=
    read -r fslock_s 2>/dev/null < "/proc/$1/stat" || [ -n "$fslock_s" ] || return 1
    fslock_s=${fslock_s##*) }   # the command name (field 2) may hold spaces and parentheses
    set -- $fslock_s
    [ $# -ge 20 ] || return 1
    fslock_state=$1 fslock_threads=${18} fslock_ticks=${20}
}

# Succeeds if /proc is our PID namespace's procfs: /proc/self/status lists our pid from the
# procfs's namespace down to ours (NSpid), so one entry, our $$. Otherwise /proc/PID is another
# process than our PID. (No NSpid line: only a kernel without PID namespaces is fine.)
fslock_own_procfs() {
    [ -r /proc/self/status ] || return 1
    while read -r fslock_k fslock_v fslock_rest; do
        if [ "$fslock_k" = NSpid: ]; then
            [ "$fslock_v" = "$$" ] && [ -z "$fslock_rest" ]
            return
        fi
    done < /proc/self/status
    [ ! -e /proc/self/ns/pid ]
}

# Sets fslock_offset to our time namespace's boot-time offset in whole clock ticks (floored), which
# the kernel adds to every start time it shows us; fails if it cannot be known. fslock computes the
# same (BootTimeOffset.java) for the entry it creates for us.
fslock_tick_offset() {
    fslock_offset=0
    if [ ! -e /proc/self/timens_offsets ]; then
        [ ! -e /proc/self/ns/time ]   # no time namespaces on this kernel: offset 0
        return
    fi
    [ /proc/self/ns/time -ef /proc/self/ns/time_for_children ] || return 1
    fslock_sec=
    while read -r fslock_k fslock_v fslock_rest; do
        [ "$fslock_k" = boottime ] && fslock_sec=$fslock_v fslock_nsec=$fslock_rest
    done < /proc/self/timens_offsets
    [ -n "$fslock_sec" ] || return 1
    [ "$fslock_sec $fslock_nsec" = "0 0" ] && return 0
    fslock_hz=$(getconf CLK_TCK 2>/dev/null) || return 1
    [ "$fslock_hz" -gt 0 ] 2>/dev/null && [ $((1000000000 % fslock_hz)) -eq 0 ] || return 1
    fslock_offset=$((fslock_sec * fslock_hz + fslock_nsec / (1000000000 / fslock_hz)))
}

fslock_refuse() {
    echo "fslock: $1; the command was not run: $fslock_cmd" >&2
    exit 75
}
fslock_cmd="$*"

if fslock_stat self; then
    fslock_own_procfs || fslock_refuse "/proc is not the procfs of this PID namespace, so /proc/PID would name another process (mount a procfs for this PID namespace: unshare --mount-proc)"
    fslock_tick_offset || fslock_refuse "cannot tell this time namespace's boot-time offset, so the start times in /proc cannot be compared"
    fslock_me="${FSLOCK_W_ENTRY}$$_k$((fslock_ticks - fslock_offset))_"
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
    # spec ChildProbeParent: fslock dead -> give up without running the command. Dead: its pid is
    # gone, carries another start time (reused), or the whole process is a zombie (a zombie leader
    # with other threads, field 20 above 1, lives; 0 threads: read while released, look again).
    if [ -n "$fslock_proc" ]; then
        if ! fslock_stat "$FSLOCK_W_PARENT" || [ "k$((fslock_ticks - fslock_offset))" != "$FSLOCK_W_PARENT_START" ]; then
            fslock_parent_dead=1
        else
            case $fslock_state in
                Z|X|x) [ "$fslock_threads" = 1 ] && fslock_parent_dead=1 ;;
            esac
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
