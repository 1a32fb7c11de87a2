/*
 * Test helper for the liveness probe (compiled at test time into target/, and by
 * fixtures/record.sh): processes in the states the probe must judge right.
 *
 *   proc-helper zombie-leader DIR   the main thread calls pthread_exit while a second thread runs:
 *                                   /proc/PID/stat then says Z, yet the process lives. The thread
 *                                   writes DIR/ready (our pid), waits for DIR/release, then exits
 *                                   the process.
 *   proc-helper zombie-child DIR    forks a child that exits at once and never reaps it (a true
 *                                   zombie); writes DIR/child (its pid), waits for DIR/release.
 *   proc-helper timens SEC NSEC CMD [ARGS...]
 *                                   runs CMD in a new time namespace whose boot-time offset is
 *                                   SEC s + NSEC ns (unshare -T --boottime takes whole seconds
 *                                   only); exits with CMD's status.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const char *dir;

static void write_pid(const char *name, int pid) {
    char path[4096], tmp[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    FILE *f = fopen(tmp, "w");
    if (f == NULL) { perror(tmp); exit(70); }
    fprintf(f, "%d\n", pid);
    fclose(f);
    rename(tmp, path); /* the reader never sees a half-written file */
}

static void await_release(void) {
    char path[4096];
    snprintf(path, sizeof path, "%s/release", dir);
    for (int i = 0; i < 120 * 100 && access(path, F_OK) != 0; i++) {
        usleep(10000); /* at most 2 minutes: never outlive a failed test for long */
    }
}

static void *second_thread(void *arg) {
    (void) arg;
    write_pid("ready", (int) getpid());
    await_release();
    exit(0);
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "zombie-leader") == 0) {
        dir = argv[2];
        pthread_t t;
        if (pthread_create(&t, NULL, second_thread, NULL) != 0) { perror("pthread_create"); return 70; }
        pthread_exit(NULL);
    }
    if (argc >= 3 && strcmp(argv[1], "zombie-child") == 0) {
        dir = argv[2];
        pid_t child = fork();
        if (child < 0) { perror("fork"); return 70; }
        if (child == 0) _exit(0);
        write_pid("child", (int) child);
        await_release();
        return 0;
    }
    if (argc >= 5 && strcmp(argv[1], "timens") == 0) {
        if (unshare(CLONE_NEWTIME) != 0) { perror("unshare(CLONE_NEWTIME)"); return 70; }
        int fd = open("/proc/self/timens_offsets", O_WRONLY);
        if (fd < 0) { perror("/proc/self/timens_offsets"); return 70; }
        if (dprintf(fd, "boottime %s %s", argv[2], argv[3]) < 0) { perror("write offsets"); return 70; }
        if (close(fd) != 0) { perror("write offsets"); return 70; }
        pid_t child = fork(); /* the child is the first process of the new namespace */
        if (child < 0) { perror("fork"); return 70; }
        if (child == 0) { execvp(argv[4], argv + 4); perror(argv[4]); _exit(127); }
        int status;
        if (waitpid(child, &status, 0) < 0) { perror("waitpid"); return 70; }
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    fprintf(stderr, "usage: proc-helper zombie-leader DIR | zombie-child DIR | timens SEC NSEC CMD [ARGS...]\n");
    return 64;
}
