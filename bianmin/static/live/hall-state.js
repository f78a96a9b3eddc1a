// The hall as a screen shows it, and how each Socket.IO event changes it.
// Pure functions: the lobby, the window screens and the counter all draw from this state.
// It starts from a snapshot (GET /api/v1/halls/<hall>/snapshot or the `snapshot` message)
// and mirrors what the server's snapshot would say after the same events.

export const RECENT_CALLS = 8;

/** A fresh state from a snapshot body (deep-copied, so the snapshot stays untouched). */
export function fromSnapshot(snapshot) {
  const s = JSON.parse(JSON.stringify(snapshot));
  return {
    version: s.version,
    hall: s.hall,
    businessDay: s.business_day,
    current: s.current || [],
    recent: s.recent || [],
    queues: s.queues || [],
    paused: s.paused || [],
    windows: s.windows || [],
  };
}

function callOf(data) {
  return {
    ticket_id: data.ticket_id,
    number: data.number,
    status: "called",
    queue_id: data.queue_id,
    window: data.window,
    window_id: data.window_id,
    window_name: data.window_name,
    recall: Boolean(data.recall),
    recall_count: data.recall_count || (data.recall ? 1 : 0),
    at: data.at,
  };
}

function withoutTicket(list, ticketId) {
  return list.filter((c) => c.ticket_id !== ticketId);
}

function setPaused(state, data, paused) {
  const others = state.paused.filter((p) => p.window !== data.window);
  return {
    ...state,
    paused: paused
      ? [...others, { window: data.window, window_id: data.window_id, window_name: data.window_name,
        reason: data.reason || "" }]
          .sort((a, b) => a.window - b.window)
      : others,
    windows: state.windows.map((w) => (w.number === data.window
      ? { ...w, paused, pause_reason: paused ? data.reason || "" : "" } : w)),
  };
}

const REDUCERS = {
  "ticket.issued": (state) => state,
  "queue.changed": (state, data) => ({
    ...state,
    queues: state.queues.map((q) =>
      Object.prototype.hasOwnProperty.call(data.waiting, String(q.id))
        ? { ...q, waiting: data.waiting[String(q.id)] } : q),
  }),
  "ticket.called": (state, data) => {
    const call = callOf(data);
    const current = state.current.filter((c) => c.window !== call.window && c.ticket_id !== call.ticket_id);
    return {
      ...state,
      current: [...current, call].sort((a, b) => a.window - b.window),
      recent: [call, ...withoutTicket(state.recent, call.ticket_id)].slice(0, RECENT_CALLS),
    };
  },
  "ticket.started": (state, data) => ({
    ...state,
    current: state.current.map((c) => (c.ticket_id === data.ticket_id ? { ...c, status: "serving" } : c)),
  }),
  "ticket.finished": (state, data) => ({ ...state, current: withoutTicket(state.current, data.ticket_id) }),
  "ticket.no_show": (state, data) => ({ ...state, current: withoutTicket(state.current, data.ticket_id) }),
  // 挂起: the ticket left its window (called back later with ticket.called, via "held")
  "ticket.held": (state, data) => ({ ...state, current: withoutTicket(state.current, data.ticket_id) }),
  // 过号重排: waiting again; its queue's count comes with the queue.changed that follows
  "ticket.requeued": (state) => state,
  "ticket.transferred": (state, data) => ({ ...state, current: withoutTicket(state.current, data.ticket_id) }),
  "window.paused": (state, data) => setPaused(state, data, true),
  "window.resumed": (state, data) => setPaused(state, data, false),
  // a manager changed the hall's settings: the name, phone and notice screens show
  "hall.changed": (state, data) => ({ ...state, hall: { ...state.hall, ...(data.hall || {}) } }),
};

export const EVENT_NAMES = Object.keys(REDUCERS);

/** The state after one event; the caller has checked that its version is the next one. */
export function applyEvent(state, name, data) {
  const reduce = REDUCERS[name];
  const next = reduce ? reduce(state, data) : state;
  return { ...next, version: data.version };
}

/** The call a window shows now, or null. */
export function currentAt(state, windowNumber) {
  return state.current.find((c) => c.window === windowNumber) || null;
}

export function isPaused(state, windowNumber) {
  return state.paused.some((p) => p.window === windowNumber);
}

/** Why the window is paused ("" when no reason was given or it is not paused). */
export function pauseReason(state, windowNumber) {
  const entry = state.paused.find((p) => p.window === windowNumber);
  return (entry && entry.reason) || "";
}
