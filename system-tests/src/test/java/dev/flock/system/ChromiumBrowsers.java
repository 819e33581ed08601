package dev.flock.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium sessions for the browser tests: Debian's chromium and chromedriver, used from
 * their fixed paths, so Selenium Manager never looks for (or downloads) anything. Each session has
 * its own fresh profile directory: no cookies carry over between sessions.
 */
final class ChromiumBrowsers implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String INSTALL_HINT =
      "Install them with `sudo apt-get install -y chromium chromium-driver` (Debian/Ubuntu; `./flock test` does this on CI).";

  private final List<WebDriver> drivers = new ArrayList<>();
  private final List<Path> profiles = new ArrayList<>();

  /** Fails (never skips) when the browser or its driver is missing: CI installs both. */
  static void requireInstalled() {
    for (Path program : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(program)) {
        throw new AssertionError(
            "The browser tests need "
                + program
                + ", which is missing or not executable. "
                + INSTALL_HINT);
      }
    }
  }

  /** A new headless session with JavaScript on. */
  WebDriver open() {
    return open(true);
  }

  /** A new headless session; with {@code javaScript} false, pages run no script at all. */
  WebDriver open(boolean javaScript) {
    requireInstalled();
    Path profile;
    try {
      profile = Files.createTempDirectory("flock-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    profiles.add(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--password-store=basic",
        "--window-size=1100,900",
        "--user-data-dir=" + profile);
    if (!javaScript) {
      options.setExperimentalOption(
          "prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
    }
    options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      throw new AssertionError(
          "Could not start headless Chromium ("
              + CHROMIUM
              + ") through "
              + CHROMEDRIVER
              + ". "
              + INSTALL_HINT,
          e);
    }
    drivers.add(driver);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** Quits every session and deletes its profile. */
  @Override
  public void close() {
    for (WebDriver driver : drivers) {
      try {
        driver.quit();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
    drivers.clear();
    for (Path profile : profiles) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException ignored) {
        // a temp dir left behind is harmless
      }
    }
    profiles.clear();
  }
}
