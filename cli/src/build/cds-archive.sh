#!/usr/bin/env bash
# Makes cli/target/fslock-cli.jsa, the class-data-sharing (AppCDS) archive that ./fslock starts the
# JVM with (docs/cli.md, "Start-up"): `mvn package` runs it after the jar is made.
#   cds-archive.sh JAVA JAR ARCHIVE
# A training run (`fslock run` and `fslock status` on a lock in a temporary directory) lists the
# classes the command loads; `java -Xshare:dump` stores them, parsed and verified, with the JDK's own,
# in one static archive. A static archive, not -XX:ArchiveClassesAtExit: JDK 17's dynamic archive
# leaves out picocli's classes (Java 5 class files), a third of those loaded.
#
# Then ARCHIVE.id, two lines: the java that made it (its real path) and the archive's size in bytes.
# The launcher uses the archive only with that java and at that size: an archive of another JDK
# would be refused by the JVM (which then starts without any archive, slower), and JDK 17 dies of
# SIGBUS on a truncated archive instead of refusing it. Both files are replaced by renaming, the id
# last, so that a launcher starting meanwhile sees an old pair, no id, or an id that does not match.
#
# An archive is only a speed-up: when it cannot be made, this says why and exits 0.
set -uo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 JAVA JAR ARCHIVE" >&2
    exit 64
fi
java=$1
archive=$3
# The jar as the launcher names it (physical path): the archive records the class path, and the JVM
# refuses the archive for another one.
jar=$(cd -P -- "$(dirname -- "$2")" && pwd -P)/$(basename -- "$2")
id="$archive.id"

work=$(mktemp -d "$(dirname -- "$archive")/.fslock-cds.XXXXXX") || exit 0
trap 'rm -rf -- "$work"' EXIT

give_up() {
    echo "fslock: no start-up archive ($1; fslock starts without it, slower); see $work.log" >&2
    cp -- "$work/log" "$work.log" 2>/dev/null
    exit 0
}

rm -f -- "$id" "$work.log"
jvm=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto)
"$java" "${jvm[@]}" -XX:DumpLoadedClassList="$work/classes-run" -cp "$jar" dev.fslock.cli.Main \
    run "$work/training.lock" -- true >"$work/log" 2>&1 || give_up "the training run failed"
# status exits 1 for a free lock.
"$java" "${jvm[@]}" -XX:DumpLoadedClassList="$work/classes-status" -cp "$jar" dev.fslock.cli.Main \
    status --json "$work/training.lock" >>"$work/log" 2>&1
[ $? -le 1 ] || give_up "the training run of status failed"
# Each line once: JDK 17 crashes on a lambda listed twice (SystemDictionaryShared::adjust_lambda_proxy_class_dictionary).
awk '!seen[$0]++' "$work/classes-run" "$work/classes-status" >"$work/classes"
# With G1, as JDK 17 dumps its own: a truncated archive dumped with the serial collector can crash
# the JVM that maps it (SIGBUS), the reason for the size check in the launcher.
"$java" -XX:+UseG1GC -Xshare:dump -XX:SharedClassListFile="$work/classes" -XX:SharedArchiveFile="$work/archive" \
    -cp "$jar" >>"$work/log" 2>&1 || give_up "java -Xshare:dump failed"
size=$(stat -c %s -- "$work/archive") || give_up "no archive"
real_java=$(readlink -f -- "$(command -v -- "$java")") || give_up "$java not found"

mv -f -- "$work/archive" "$archive" || give_up "cannot write $archive"
printf '%s\n%s\n' "$real_java" "$size" >"$work/id" && mv -f -- "$work/id" "$id" || give_up "cannot write $id"
