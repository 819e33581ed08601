package dev.flock.devtools;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Stands in for Payara Micro in {@link PayaraInstanceTest}: its first boot stops part-way for good,
 * as Payara's rarely does; the next one serves 200 on {@code --port}.
 */
public final class StallingPayara {

  public static void main(String[] args) throws IOException, InterruptedException {
    Path stalledOnce = Path.of(System.getProperty("stalled-once"));
    if (!Files.exists(stalledOnce)) {
      Files.createFile(stalledOnce);
      System.out.println(
          "Loading policy provider org.glassfish.exousia.modules.def.DefaultPolicy.");
      Thread.sleep(Long.MAX_VALUE);
    }
    System.out.println("Payara Micro 7 (test) startup time : Embedded (1ms)");
    List<String> arguments = List.of(args);
    int port = Integer.parseInt(arguments.get(arguments.indexOf("--port") + 1));
    HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    System.out.println("Payara Micro 7 (test) ready in 1 (ms)");
  }
}
