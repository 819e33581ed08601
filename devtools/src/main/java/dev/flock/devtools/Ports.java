package dev.flock.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Local TCP ports: a free one for a test or a bench, and whether one is taken already. */
public final class Ports {

  private Ports() {}

  /** A port nothing listens on now (the system's choice), for an instance about to start. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when something accepts connections on the loopback port. */
  public static boolean inUse(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The port a setting names, or empty when it is no port number (1-65535). */
  static java.util.OptionalInt parse(String value) {
    if (value.matches("[0-9]{1,5}")) {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65535) {
        return java.util.OptionalInt.of(port);
      }
    }
    return java.util.OptionalInt.empty();
  }
}
