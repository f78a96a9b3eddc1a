// Announcements: a chime, then "请A012号到3号窗口办理" spoken by the browser.
//
// - The chime is synthesised with the Web Audio API (no audio files to download).
// - Speech uses speechSynthesis with a zh-CN voice if the machine has one; without a voice
//   (headless Chromium has none) the screen still chimes and flashes.
// - Announcements queue and never overlap: the next starts when the previous has ended.
// - Browsers only play audio after a user gesture on the page: `needsGesture()` says whether
//   the "点击开启语音播报" overlay must be shown, `unlock()` is called from that click.

const CHIME_NOTES = [
  { freq: 880, start: 0.0, length: 0.55 },   // ding
  { freq: 660, start: 0.45, length: 0.9 },   // dong
];
const CHIME_SECONDS = 1.45;
// the longest one spoken sentence may take before the next announcement goes anyway
const SPEECH_TIMEOUT_MS = 9000;
const PAUSE_BETWEEN_MS = 600;

/** The sentence as shown and logged: "请A012号到3号窗口办理" (a recall starts with 重呼). */
export function announcementText(call) {
  const prefix = call.recall ? "重呼，" : "";
  return `${prefix}请${call.number}号到${call.window}号窗口办理`;
}

/** The same sentence as the voice should read it: "请A零一二号到3号窗口办理". */
export function spokenText(call) {
  const prefix = call.recall ? "重呼，" : "";
  return `${prefix}请${spellNumber(call.number)}号到${call.window}号窗口办理`;
}

// "A012" is read letter by letter, digits one by one: "A零一二" is how halls announce it
function spellNumber(number) {
  const digits = "零一二三四五六七八九";
  return [...String(number)].map((ch) => (/[0-9]/.test(ch) ? digits[Number(ch)] : ch)).join("");
}

export class Announcer {
  constructor({ repeat = 1 } = {}) {
    this.repeat = repeat;
    this.queue = [];
    this.busy = false;
    this.context = null;
    // what was announced and how (read by people debugging a silent screen, and by tests)
    this.history = [];
    const Ctx = globalThis.AudioContext || globalThis.webkitAudioContext;
    if (Ctx) {
      try {
        this.context = new Ctx();
      } catch (error) {
        this.context = null;
      }
    }
    this.voice = null;
    if (globalThis.speechSynthesis) {
      this.pickVoice();
      speechSynthesis.addEventListener?.("voiceschanged", () => this.pickVoice());
    }
  }

  pickVoice() {
    const voices = globalThis.speechSynthesis ? speechSynthesis.getVoices() : [];
    this.voice = voices.find((v) => /^zh[-_]CN/i.test(v.lang))
      || voices.find((v) => /^zh/i.test(v.lang)) || null;
  }

  /** True until a click has allowed this page to play sound. */
  needsGesture() {
    return Boolean(this.context) && this.context.state !== "running";
  }

  /** Called from the user's click: resume audio and warm up speech. */
  async unlock() {
    if (this.context && this.context.state !== "running") {
      try {
        await this.context.resume();
      } catch (error) {
        // the page stays silent but keeps flashing; nothing else to do
      }
    }
    if (globalThis.speechSynthesis && this.voice) {
      const warm = new SpeechSynthesisUtterance("");
      warm.voice = this.voice;
      speechSynthesis.speak(warm);
    }
  }

  /** Queue one announcement for a call (from a `ticket.called` event). */
  announce(call) {
    this.queue.push({ text: announcementText(call), spoken: spokenText(call), call });
    if (!this.busy) this.next();
  }

  async next() {
    const item = this.queue.shift();
    if (!item) {
      this.busy = false;
      return;
    }
    this.busy = true;
    const record = { text: item.text, number: item.call.number, window: item.call.window,
                     startedAt: Date.now(), chimed: false, spoken: false, endedAt: null };
    this.history.push(record);
    if (this.history.length > 50) this.history.shift();
    record.chimed = await this.chime();
    for (let i = 0; i < this.repeat; i += 1) record.spoken = (await this.speak(item.spoken)) || record.spoken;
    record.endedAt = Date.now();
    setTimeout(() => this.next(), PAUSE_BETWEEN_MS);
  }

  /** Play the two-note chime; resolves when it has finished (false if no audio). */
  chime() {
    const ctx = this.context;
    if (!ctx || ctx.state !== "running") return wait(CHIME_SECONDS * 1000).then(() => false);
    const t0 = ctx.currentTime + 0.05;
    for (const note of CHIME_NOTES) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = note.freq;
      gain.gain.setValueAtTime(0.0001, t0 + note.start);
      gain.gain.exponentialRampToValueAtTime(0.5, t0 + note.start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + note.start + note.length);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + note.start);
      osc.stop(t0 + note.start + note.length + 0.05);
    }
    return wait(CHIME_SECONDS * 1000).then(() => true);
  }

  /** Speak with a Chinese voice; resolves when done (false when there is no voice). */
  speak(text) {
    if (!globalThis.speechSynthesis || !this.voice) return Promise.resolve(false);
    return new Promise((resolve) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.voice = this.voice;
      utterance.lang = this.voice.lang;
      utterance.rate = 0.9;
      let done = false;
      const finish = (ok) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(ok);
      };
      const timer = setTimeout(() => {
        speechSynthesis.cancel();
        finish(false);
      }, SPEECH_TIMEOUT_MS);
      utterance.onend = () => finish(true);
      utterance.onerror = () => finish(false);
      speechSynthesis.speak(utterance);
    });
  }
}

function wait(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
