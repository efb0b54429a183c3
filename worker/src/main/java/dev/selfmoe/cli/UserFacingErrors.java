package dev.selfmoe.cli;

import dev.selfmoe.db.DatabaseUnreachableException;
import dev.selfmoe.db.SqlRejectedException;
import dev.selfmoe.db.postgres.EmbeddedPostgresException;
import dev.selfmoe.engine.EngineException;
import dev.selfmoe.ui.SiteUnavailableException;
import dev.selfmoe.worker.temporal.TemporalServerException;
import dev.selfmoe.workflows.spec.SpecException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;

/** The failures a user can act on, as the one line they see; anything else is a bug and keeps its stack trace. */
final class UserFacingErrors {
  private UserFacingErrors() {}

  static String message(Exception e) {
    if (e instanceof EngineException || e instanceof UserInputException || e instanceof SpecException
        || e instanceof TemporalServerException || e instanceof EmbeddedPostgresException
        || e instanceof DatabaseUnreachableException || e instanceof SiteUnavailableException
        || e instanceof SqlRejectedException) {
      return e.getMessage();
    }
    if (e instanceof WorkflowFailedException f) {
      String id = f.getExecution().getWorkflowId();
      Throwable cause = f.getCause();
      while (cause != null && !(cause instanceof ApplicationFailure) && !(cause instanceof CanceledFailure)
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof CanceledFailure) {
        return id + " was cancelled; `selfmoe resume " + id + "` continues it";
      }
      String why = cause instanceof ApplicationFailure a ? a.getOriginalMessage() : String.valueOf(cause);
      return id + " failed: " + why + " (fix it, then `selfmoe resume " + id + "`: finished steps are kept)";
    }
    return null;
  }
}
