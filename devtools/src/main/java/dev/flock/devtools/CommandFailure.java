package dev.flock.devtools;

import java.util.List;

/** An external command that failed or overran, with everything it printed. */
public final class CommandFailure extends IllegalStateException {

  private final String summary;
  private final String output;

  CommandFailure(List<String> command, String reason, String output) {
    super(String.join(" ", command) + " " + reason + ": " + output);
    this.summary = String.join(" ", command) + " " + reason;
    this.output = output;
  }

  /** The command line and how it ended, on one line. */
  public String summary() {
    return summary;
  }

  /** What it printed (standard output, then standard error). */
  public String output() {
    return output;
  }
}
