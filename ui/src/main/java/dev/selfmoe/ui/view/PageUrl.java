package dev.selfmoe.ui.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A page's address with its state in the query string, so that any view can be shared by copying the URL. Immutable:
 * {@link #with} gives a new address with one parameter set (or removed, for a null or empty value).
 */
public final class PageUrl {
  private final String path;
  private final Map<String, String> params;

  private PageUrl(String path, Map<String, String> params) {
    this.path = path;
    this.params = params;
  }

  public static PageUrl of(String path) {
    return new PageUrl(path, new LinkedHashMap<>());
  }

  /** The path with the given parameters (first value of each), in their order. */
  public static PageUrl of(String path, Map<String, ? extends Iterable<String>> query) {
    Map<String, String> params = new LinkedHashMap<>();
    query.forEach((k, values) -> {
      var it = values.iterator();
      if (it.hasNext()) {
        params.put(k, it.next());
      }
    });
    return new PageUrl(path, params);
  }

  public PageUrl with(String name, String value) {
    Map<String, String> next = new LinkedHashMap<>(params);
    if (value == null || value.isEmpty()) {
      next.remove(name);
    } else {
      next.put(name, value);
    }
    return new PageUrl(path, next);
  }

  public PageUrl with(String name, int value) {
    return with(name, Integer.toString(value));
  }

  public PageUrl without(String name) {
    return with(name, (String) null);
  }

  public String param(String name) {
    return params.get(name);
  }

  @Override
  public String toString() {
    if (params.isEmpty()) {
      return path;
    }
    StringBuilder url = new StringBuilder(path).append('?');
    params.forEach((k, v) -> url.append(encode(k)).append('=').append(encode(v)).append('&'));
    url.setLength(url.length() - 1);
    return url.toString();
  }

  /** A path segment, such as a namespace, made safe for a URL. */
  public static String segment(String value) {
    return encode(value).replace("+", "%20");
  }

  /** An id that may hold slashes (a sweep cell's is {@code sweep/cell}) as path segments, each made safe. */
  public static String segments(String value) {
    StringBuilder path = new StringBuilder();
    for (String part : value.split("/", -1)) {
      path.append(path.isEmpty() ? "" : "/").append(segment(part));
    }
    return path.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
