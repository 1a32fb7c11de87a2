package dev.fslock.cli;

/**
 * A ZooKeeper lock's name on the command line: {@code zk://HOST:PORT[,HOST:PORT...]/PATH}. Plain
 * text only: no ZooKeeper class is loaded to tell a file lock from a ZooKeeper one (ZkBackend is,
 * only for such a name).
 *
 * @param connect the servers, as ZooKeeper's connect string {@code HOST:PORT[,HOST:PORT...]}
 * @param path    the lock's path in ZooKeeper, from the first {@code /}
 */
record ZkLockName(String connect, String path) {
    static final String SCHEME = "zk://";
    private static final String FORM = "zk://HOST:PORT[,HOST:PORT...]/PATH, such as zk://127.0.0.1:2181/locks/deploy";

    /** Whether the command line's LOCK names a ZooKeeper lock rather than a file. */
    static boolean isZk(String lock) {
        return lock.startsWith(SCHEME);
    }

    /** @throws Main.UsageException for a name that does not have the form above */
    static ZkLockName parse(String lock) {
        String rest = lock.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw new Main.UsageException("'" + lock + "' names no lock path: a ZooKeeper lock is " + FORM);
        }
        String connect = rest.substring(0, slash);
        if (connect.isEmpty()) {
            throw new Main.UsageException("'" + lock + "' names no server: a ZooKeeper lock is " + FORM);
        }
        for (String server : connect.split(",", -1)) {
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || !validPort(server.substring(colon + 1))) {
                throw new Main.UsageException("'" + server + "' in '" + lock + "' is not HOST:PORT: a ZooKeeper lock is "
                        + FORM);
            }
        }
        return new ZkLockName(connect, rest.substring(slash));
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }

    @Override
    public String toString() {
        return SCHEME + connect + path;
    }
}
