package dev.selfmoe.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's packages (scripts/test installs chromium and chromium-driver), driven through its
 * own chromedriver so that nothing is downloaded; flags keep it off the network it cannot reach here.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SELFMOE_CHROMIUM", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getenv().getOrDefault("SELFMOE_CHROMEDRIVER", "/usr/bin/chromedriver"));

  private final Path profile;
  final ChromeDriver driver;

  Browser(int width, int height) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError("browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
          + ": apt-get install chromium chromium-driver (scripts/test does)");
    }
    try {
      profile = Files.createTempDirectory("selfmoe-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .build();
    driver = new ChromeDriver(service, options);
  }

  /** Opens the page and waits until every chart on it has rendered (selfmoe.js sets data-charts-ready). */
  void openAndAwaitCharts(String url) {
    driver.get(url);
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "true".equals(((JavascriptExecutor) d)
        .executeScript("return document.documentElement.dataset.chartsReady")));
  }

  int count(String cssSelector) {
    return driver.findElements(By.cssSelector(cssSelector)).size();
  }

  Object script(String js) {
    return ((JavascriptExecutor) driver).executeScript(js);
  }

  /** Saves what the browser shows as {@code dir/name.png}. */
  Path screenshot(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      Path target = dir.resolve(name + ".png");
      Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary profile left behind is harmless
    }
  }
}
