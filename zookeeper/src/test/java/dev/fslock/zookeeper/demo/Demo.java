package dev.fslock.zookeeper.demo;

import java.util.Arrays;

/**
 * The entry point of {@code zookeeper/demo}: {@code server [PORT]} starts a local ZooKeeper
 * ({@link DemoServer}), {@code run [--connect HOST:PORT] PATH -- COMMAND...} runs a command under
 * the lock at PATH ({@link DemoRun}). docs/zookeeper.md shows both in two terminals.
 */
public final class Demo {
    static final String USAGE = """
            usage: zookeeper/demo server [PORT]
                   zookeeper/demo run [--connect HOST:PORT[,HOST:PORT...]] PATH -- COMMAND [ARG...]
              server  a local ZooKeeper server on PORT (default 2181), until Ctrl-C
              run     runs COMMAND while holding the ZooKeeper lock PATH (such as /locks/demo),
                      waiting for it as long as it takes; the server defaults to 127.0.0.1:2181""";

    private Demo() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            fail("no subcommand");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "server" -> {
                if (rest.length > 1) {
                    fail("server takes one argument, the port");
                }
                DemoServer.main(rest);
            }
            case "run" -> System.exit(DemoRun.run(rest));
            case "-h", "--help" -> System.out.println(USAGE);
            default -> fail("unknown subcommand " + args[0]);
        }
    }

    static int port(String s) {
        try {
            int port = Integer.parseInt(s);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        fail("not a port number: " + s);
        return -1;
    }

    static void fail(String why) {
        System.err.println("zookeeper/demo: " + why + "\n" + USAGE);
        System.exit(2);
    }
}
