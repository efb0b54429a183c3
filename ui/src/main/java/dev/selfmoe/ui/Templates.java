package dev.selfmoe.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** The pages' templates, compiled into classes at build time (src/main/jte); their output escapes every value. */
public final class Templates {
  private final TemplateEngine engine =
      TemplateEngine.createPrecompiled(null, ContentType.Html, null, "dev.selfmoe.ui.templates");

  public void render(Context ctx, String template, Object view) {
    StringOutput out = new StringOutput();
    engine.render(template, view, out);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }
}
