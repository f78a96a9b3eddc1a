// Taking a ticket. One request_id per press: automatic retries after a network error reuse
// it, so the server hands back the same ticket instead of a second one if the first answer
// was lost on the way. crypto.randomUUID() needs a secure context, which a kiosk on plain
// http in the hall's LAN is not; getRandomValues() works everywhere.
import { NetworkError } from "./api.js";

export function newRequestId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** POST the ticket, retrying network failures with the same body (same request_id). */
export async function issueTicket(api, body, { attempts = 3, timeoutMs = 6000, delayMs = 400 } = {}) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return (await api.issueTicket(body, { timeoutMs })).data;
    } catch (error) {
      if (!(error instanceof NetworkError) || attempt >= attempts) throw error;
      await sleep(delayMs * attempt);
    }
  }
}
