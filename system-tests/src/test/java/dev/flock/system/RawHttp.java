package dev.flock.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand over a socket, as an attacker sends it: any method, any Host header, any
 * header at all. One request per connection ({@code Connection: close}).
 */
final class RawHttp {

  /** A status, the headers (names in lower case; the last of repeated ones) and the body. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  /** {@code method target} to {@code server}, with {@code headers} and an optional form body. */
  static Answer send(
      URI server, String method, String target, Map<String, String> headers, String body) {
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Host", server.getHost() + ":" + server.getPort());
    all.putAll(headers);
    all.put("Connection", "close");
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      all.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
      all.put("Content-Length", Integer.toString(content.length));
    }
    all.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    request.append("\r\n");
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      // The body goes out beside the reading: a server may answer (e.g. 413) and close before it
      // has read a large body, as it should; the answer is what counts, not the rest of the write.
      Thread writer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
                      out.write(content);
                      out.flush();
                    } catch (IOException closedEarly) {
                      // the server has answered already, or will say why below
                    }
                  });
      Answer answer = parse(socket.getInputStream(), method.equals("HEAD"));
      writer.interrupt();
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer parse(InputStream in, boolean head) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String text = all.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    String body = head ? "" : text.substring(end + 4);
    return new Answer(status, headers, body);
  }
}
