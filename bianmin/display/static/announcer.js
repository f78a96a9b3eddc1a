// Announcements: a chime, then "请A012号到3号窗口办理" spoken.
//
// - The chime is synthesised with the Web Audio API (no audio files to download).
// - The sentence is the server's audio (GET …/announcements/A012/3.wav, joined from the
//   hall's voice clips: docs/display.md), played `repeat` times. When it cannot be fetched
//   or played, speechSynthesis says it with a zh-CN voice if the machine has one; without
//   one the screen still chimes and flashes. `history` records which way was used.
// - Announcements queue and never overlap: the next starts when the previous has ended.
// - Browsers only play audio after a user gesture on the page: `needsGesture()` says whether
//   the "点击开启语音播报" overlay must be shown, `unlock()` is called from that click.

import { deviceHeaders } from "../../static/device-token.js";

const CHIME_NOTES = [
  { freq: 880, start: 0.0, length: 0.55 },   // ding
  { freq: 660, start: 0.45, length: 0.9 },   // dong
];
const CHIME_SECONDS = 1.45;
// the longest one spoken sentence may take before the next announcement goes anyway
const SPEECH_TIMEOUT_MS = 9000;
const PAUSE_BETWEEN_MS = 600;
// between two repeats of one sentence
const PAUSE_REPEAT_MS = 500;
// the longest a sentence's audio may take to load and play before it is given up
const AUDIO_TIMEOUT_MS = 15000;

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
  constructor({ repeat = 1, audioBase = "" } = {}) {
    this.repeat = repeat;
    // e.g. /api/v1/halls/demo/announcements/ ("" = no server audio, speech only)
    this.audioBase = audioBase;
    // the <audio> element playing now (one at a time)
    this.playing = null;
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
    // way: "audio" (the server's clips), "speech" (the browser's voice), "chime" (neither),
    // "none" (not even the chime: sound not enabled on this page)
    const record = { text: item.text, number: item.call.number, window: item.call.window,
                     recall: Boolean(item.call.recall), startedAt: Date.now(), chimed: false,
                     way: null, audioUrl: null, audioError: null, plays: [], spoken: false,
                     endedAt: null };
    this.history.push(record);
    if (this.history.length > 50) this.history.shift();
    try {
      record.chimed = await this.chime();
      const audio = await this.loadAudio(item.call, record);
      if (audio) {
        record.way = "audio";
        for (let i = 0; i < this.repeat; i += 1) {
          if (i) await wait(PAUSE_REPEAT_MS);
          const play = await this.play(audio);
          record.plays.push(play);
          if (!play.ended) {
            record.audioError = play.error;
            break;
          }
        }
        URL.revokeObjectURL(audio);
      }
      if (record.way !== "audio" || !record.plays.some((p) => p.ended)) {
        for (let i = 0; i < this.repeat; i += 1) record.spoken = (await this.speak(item.spoken)) || record.spoken;
        record.way = record.spoken ? "speech" : (record.chimed ? "chime" : "none");
      }
    } finally {
      record.endedAt = Date.now();
      setTimeout(() => this.next(), PAUSE_BETWEEN_MS);
    }
  }

  /** The address of a call's sentence, e.g. …/announcements/A012/24.wav?recall=1. */
  audioUrl(call) {
    const recall = call.recall ? "?recall=1" : "";
    return `${this.audioBase}${encodeURIComponent(call.number)}/${encodeURIComponent(call.window)}.wav${recall}`;
  }

  /** Fetch the sentence's WAV (with the device's token); an object URL, or null on failure. */
  async loadAudio(call, record) {
    if (!this.audioBase || typeof Audio === "undefined") {
      record.audioError = "no server audio";
      return null;
    }
    if (this.needsGesture()) {
      // the browser would refuse to play it: no fetch for a screen nobody has clicked yet
      record.audioError = "sound not enabled yet (no click on the page)";
      return null;
    }
    record.audioUrl = this.audioUrl(call);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), AUDIO_TIMEOUT_MS);
    try {
      const response = await fetch(record.audioUrl, { headers: deviceHeaders(), signal: abort.signal });
      if (!response.ok) {
        record.audioError = `HTTP ${response.status}`;
        return null;
      }
      return URL.createObjectURL(await response.blob());
    } catch (error) {
      record.audioError = String(error && error.message ? error.message : error);
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Play an audio URL to its end; resolves {ended, error, startedAt, endedAt, duration}. */
  play(url) {
    return new Promise((resolve) => {
      const audio = new Audio();
      this.playing = audio;
      const result = { ended: false, error: null, startedAt: null, endedAt: null, duration: null };
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        result.endedAt = Date.now();
        audio.pause();
        this.playing = null;
        resolve(result);
      };
      const timer = setTimeout(() => {
        result.error = "timeout";
        finish();
      }, AUDIO_TIMEOUT_MS);
      audio.addEventListener("playing", () => { result.startedAt = result.startedAt || Date.now(); });
      audio.addEventListener("ended", () => {
        result.ended = true;
        result.duration = audio.duration;
        finish();
      });
      audio.addEventListener("error", () => {
        result.error = `media error ${audio.error ? audio.error.code : "?"}`;
        finish();
      });
      audio.src = url;
      audio.play().catch((error) => {
        result.error = `play refused: ${error && error.name ? error.name : error}`;
        finish();
      });
    });
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
