package dev.selfmoe.ui.view;

import java.util.Optional;

/**
 * Addresses of the site's pages and of a workflow's history in the Temporal Web UI, which shows every experiment and
 * sweep under its id.
 *
 * @param temporalWebUi the Web UI's base address, e.g. {@code http://127.0.0.1:8233}; empty when there is none
 */
public record SiteLinks(Optional<String> temporalWebUi, String namespace) {
  public static String experiment(String id) {
    return "/experiments/" + PageUrl.segments(id);
  }

  public static String sweep(String id) {
    return "/sweeps/" + PageUrl.segments(id);
  }

  public static PageUrl items(String experimentId, String variant, String benchmark) {
    return PageUrl.of(experiment(experimentId) + "/items").with("variant", variant).with("benchmark", benchmark);
  }

  public static String resultsCsv(String experimentId) {
    return experiment(experimentId) + "/results.csv";
  }

  /** The workflow's page in the Temporal Web UI, or null without one. */
  public String workflow(String workflowId) {
    return temporalWebUi.map(base -> stripSlash(base) + "/namespaces/" + PageUrl.segment(namespace) + "/workflows/"
        + PageUrl.segment(workflowId)).orElse(null);
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
