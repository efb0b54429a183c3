package dev.selfmoe.ui.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Addresses of the scripts the pages load, with the webjar versions the build put in (assets.properties). */
public final class Assets {
  private static final Properties PATHS = load();

  public static final String ECHARTS = PATHS.getProperty("echarts");
  public static final String HTMX = PATHS.getProperty("htmx");
  public static final String SCRIPT = "/assets/selfmoe.js";
  public static final String STYLE = "/assets/selfmoe.css";
  public static final String ICON = "/assets/favicon.svg";

  private Assets() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Assets.class.getResourceAsStream("/dev/selfmoe/ui/assets.properties")) {
      if (in == null) {
        throw new IllegalStateException("assets.properties is missing from the selfmoe-ui jar");
      }
      p.load(in);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
