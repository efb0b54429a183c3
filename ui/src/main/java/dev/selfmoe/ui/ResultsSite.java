package dev.selfmoe.ui;

import dev.selfmoe.db.SelfmoeDatabase;
import dev.selfmoe.ui.pages.ExperimentListPage;
import dev.selfmoe.ui.pages.ExperimentPage;
import dev.selfmoe.ui.pages.ItemsPage;
import dev.selfmoe.ui.pages.ResultsCsv;
import dev.selfmoe.ui.pages.SweepPage;
import dev.selfmoe.ui.read.Experiments;
import dev.selfmoe.ui.view.ErrorView;
import dev.selfmoe.ui.view.SiteLinks;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.net.BindException;
import org.jooq.DSLContext;

/**
 * The results site: server-rendered pages over the results database, which it only reads. Scripts and styles come
 * from the jar (ECharts and htmx as webjars), so the pages work without a network.
 */
public final class ResultsSite implements AutoCloseable {
  private static final String ERROR_RENDERED = "selfmoe.error-rendered";

  private final Javalin server;
  private final String host;

  private ResultsSite(Javalin server, String host) {
    this.server = server;
    this.host = host;
  }

  /** Starts serving; a port already in use is a {@link SiteUnavailableException} naming it. */
  public static ResultsSite start(SelfmoeDatabase db, SiteOptions options) {
    DSLContext dsl = db.dsl();
    Experiments experiments = new Experiments(dsl);
    SiteLinks links = new SiteLinks(options.temporalWebUi(), options.namespace());
    Templates templates = new Templates();
    var list = new ExperimentListPage(experiments, links, templates);
    var experiment = new ExperimentPage(dsl, experiments, links, templates);
    var items = new ItemsPage(dsl, experiments, links, templates);
    var csv = new ResultsCsv(dsl, experiments);
    var sweep = new SweepPage(dsl, experiments, links, templates);
    Javalin server = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.host = options.host();
      config.jetty.port = options.port();
      config.staticFiles.enableWebjars();
      config.staticFiles.add(files -> {
        files.hostedPath = "/assets";
        files.directory = "/static";
        files.location = Location.CLASSPATH;
      });
      // <id> takes slashes: a sweep's cells are named sweep-id/cell. The longer routes go first, as the first
      // route that matches a path serves it.
      config.routes.get("/", list::handle);
      config.routes.get("/experiments/<id>/items", items::handle);
      config.routes.get("/experiments/<id>/results.csv", csv::handle);
      config.routes.get("/experiments/<id>", experiment::handle);
      config.routes.get("/sweeps/<id>", sweep::handle);
      config.routes.exception(MissingPage.class,
          (e, ctx) -> error(templates, ctx, new ErrorView(404, "Not found", e.getMessage())));
      config.routes.exception(BadParameter.class,
          (e, ctx) -> error(templates, ctx, new ErrorView(400, "Bad request", e.getMessage())));
      config.routes.error(404, ctx -> {
        if (ctx.attribute(ERROR_RENDERED) == null) {
          error(templates, ctx, new ErrorView(404, "Not found", "There is no page at " + ctx.path() + "."));
        }
      });
    });
    try {
      server.start();
    } catch (RuntimeException e) {
      if (causedBy(e, BindException.class)) {
        throw new SiteUnavailableException("cannot serve the results site on " + options.host() + ":"
            + options.port() + ": the port is in use (choose another with --ui-port)", e);
      }
      throw e;
    }
    return new ResultsSite(server, options.host());
  }

  private static void error(Templates templates, Context ctx, ErrorView view) {
    ctx.status(view.status());
    ctx.attribute(ERROR_RENDERED, true);
    templates.render(ctx, "error.jte", view);
  }

  public int port() {
    return server.port();
  }

  /** The site's address, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    return "http://" + host + ":" + port();
  }

  @Override
  public void close() {
    server.stop();
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
