// A JVM that touches N MB of heap, starts 8 idle threads, takes a POSIX lock (FileChannel.lock) on
// a file and sleeps: the victim of bench/workers/exit_order.py. Run as a source file (java FILE.java).
import java.nio.channels.FileChannel;
import java.nio.file.*;
public class ExitOrderHolder {
    public static void main(String[] a) throws Exception {
        int mb = Integer.parseInt(a[1]);
        byte[][] keep = new byte[mb][];
        for (int i = 0; i < mb; i++) { keep[i] = new byte[1 << 20]; for (int j = 0; j < keep[i].length; j += 4096) keep[i][j] = 1; }
        for (int i = 0; i < 8; i++) { Thread t = new Thread(() -> { try { Thread.sleep(600_000); } catch (InterruptedException e) {} }); t.setDaemon(true); t.start(); }
        FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        ch.lock();
        System.out.println("locked"); System.out.flush();
        Thread.sleep(600_000);
        System.out.println(keep.length);
    }
}
