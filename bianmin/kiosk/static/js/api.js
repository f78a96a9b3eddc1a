// The JSON API as the kiosk uses it: every call has a timeout, can be cancelled, and fails
// with either ApiError (the server answered 4xx/5xx with {error, message}) or NetworkError
// (no answer: server down, cable out, timeout), because the kiosk reacts differently.
// Every request carries the kiosk's device token, if it was enrolled (/enrol).
import { deviceHeaders } from "../../../static/device-token.js";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || "操作未能完成，请咨询工作人员。");
    this.status = status;
    this.code = code || "error";
  }
}

export class NetworkError extends Error {
  constructor(cause) {
    super("网络连接中断，请稍候再试。");
    this.cause = cause;
  }
}

const DEFAULT_TIMEOUT_MS = 8000;

/** Fetch JSON; `signal` cancels (an AbortError is rethrown as is so callers can ignore it). */
export async function requestJSON(url, { method = "GET", body, signal, timeoutMs = DEFAULT_TIMEOUT_MS, headers = {} } = {}) {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const onAbort = () => timeout.abort();
  if (signal) {
    if (signal.aborted) timeout.abort();
    signal.addEventListener("abort", onAbort, { once: true });
  }
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...deviceHeaders(),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: timeout.signal,
      cache: "no-store",
    });
  } catch (error) {
    if (signal && signal.aborted) throw abortError();
    throw new NetworkError(error);
  } finally {
    clearTimeout(timer);
    if (signal) signal.removeEventListener("abort", onAbort);
  }
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  if (!response.ok) {
    // a proxy's 502/504 page has no JSON: that is the network failing, not the request
    if (!data && response.status >= 500) throw new NetworkError(new Error(`HTTP ${response.status}`));
    throw new ApiError(response.status, data && data.error, data && data.message);
  }
  if (data === null) throw new NetworkError(new Error("response is not JSON"));
  return { status: response.status, data };
}

function abortError() {
  return new DOMException("cancelled", "AbortError");
}

export function isAbort(error) {
  return error && error.name === "AbortError";
}

/**
 * The endpoints of one hall, from the contract in docs/api.md. `onReach(true|false)` hears
 * after every call whether the server answered at all (the "network down" banner).
 */
export function hallApi(base, hall, onReach = () => {}) {
  const h = `${base}/halls/${encodeURIComponent(hall)}`;
  async function call(url, options) {
    try {
      const result = await requestJSON(url, options);
      onReach(true);
      return result;
    } catch (error) {
      if (error instanceof ApiError) onReach(true);
      else if (error instanceof NetworkError) onReach(false);
      throw error;
    }
  }
  const get = async (url, options) => (await call(url, options)).data;
  return {
    catalog: (options) => get(`${h}/catalog`, options),
    search: (q, options) => get(`${h}/catalog/search?${new URLSearchParams({ q, limit: "60" })}`, options),
    suggest: (q, options) => get(`${h}/catalog/suggest?${new URLSearchParams({ q })}`, options),
    scenario: (id, options) => get(`${h}/scenarios/${encodeURIComponent(id)}`, options),
    // `token`: the ticket's own (from the issuing answer); the kiosk's device token also works
    ticket: (id, { token, ...options } = {}) => get(`${base}/tickets/${encodeURIComponent(id)}`,
      token ? { ...options, headers: { "X-Ticket-Token": token } } : options),
    // may the kiosk issue now (hours, long matters, 放号量), and the wait of a ticket taken now
    issuing: (params = {}, options) => get(`${h}/issuing?${new URLSearchParams(params)}`, options),
    issueTicket: (body, options) => call(`${h}/tickets`, { ...options, method: "POST", body }),
    // a search that found nothing, for the hall's miss log (docs/search.md)
    reportMiss: (query, options) => call(`${h}/search-misses`, { ...options, method: "POST", body: { query } }),
  };
}
