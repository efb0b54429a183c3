package dev.selfmoe.worker;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When a finished workflow (with its child workflows) had an activity running, read from the server's history: the
 * time no activity ran is what orchestration cost (scheduling, dispatch, workflow tasks).
 */
public final class ActivityTimeline {
  /** {@code wallSeconds} from the workflow's start to its close; {@code busySeconds} with any activity running. */
  public record Summary(double wallSeconds, double busySeconds, int activities) {
    public double idleFraction() {
      return wallSeconds == 0 ? 0 : (wallSeconds - busySeconds) / wallSeconds;
    }
  }

  private record Interval(long startNanos, long endNanos) {}

  private ActivityTimeline() {}

  public static Summary of(WorkflowClient client, String workflowId) {
    List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
    List<Interval> busy = new ArrayList<>();
    collect(client, events, busy);
    long start = nanos(events.get(0).getEventTime());
    long end = nanos(events.get(events.size() - 1).getEventTime());
    busy.sort(Comparator.comparingLong(Interval::startNanos));
    long covered = 0;
    long reach = start;
    for (Interval i : busy) {
      long from = Math.max(i.startNanos(), reach);
      if (i.endNanos() > from) {
        covered += i.endNanos() - from;
        reach = i.endNanos();
      }
    }
    return new Summary((end - start) / 1e9, covered / 1e9, busy.size());
  }

  private static void collect(WorkflowClient client, List<HistoryEvent> events, List<Interval> busy) {
    Map<Long, Long> started = new HashMap<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        started.put(e.getActivityTaskStartedEventAttributes().getScheduledEventId(), nanos(e.getEventTime()));
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        Long from = started.get(e.getActivityTaskCompletedEventAttributes().getScheduledEventId());
        if (from != null) {
          busy.add(new Interval(from, nanos(e.getEventTime())));
        }
      } else if (e.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED) {
        String child = e.getChildWorkflowExecutionCompletedEventAttributes().getWorkflowExecution().getWorkflowId();
        collect(client, client.fetchHistory(child).getEvents(), busy);
      }
    }
  }

  private static long nanos(Timestamp t) {
    return t.getSeconds() * 1_000_000_000L + t.getNanos();
  }
}
