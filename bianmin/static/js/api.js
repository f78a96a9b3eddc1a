// JSON requests for the counter and the managers' pages: a timeout on every call, and two
// kinds of failure —
// ApiError (the server answered {error, message}: show the message) and NetworkError
// (no answer: keep the last state on screen and retry).

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message || "操作未能完成，请稍后再试。");
    this.status = status;
    this.code = code || "error";
    // e.g. {fields: [{field, problem}]}: one Chinese problem per refused field; what a 409 puts at stake
    this.details = details || {};
  }
}

export class NetworkError extends Error {
  constructor() {
    super("网络连接中断，请稍后再试。");
  }
}

const TIMEOUT_MS = 8000;

export async function request(url, { method = "GET", body } = {}) {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(url, {
      method,
      // JSON only: the API refuses form posts, which is what keeps other sites out (CSRF)
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: method === "GET" ? undefined : JSON.stringify(body || {}),
      credentials: "same-origin",
      cache: "no-store",
      signal: timeout.signal,
    });
  } catch (error) {
    throw new NetworkError();
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  if (!response.ok) {
    if (!data && response.status >= 500) throw new NetworkError();
    throw new ApiError(response.status, data && data.error, data && data.message, data && data.details);
  }
  return data;
}
