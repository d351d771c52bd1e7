// The three ways an offer gets an agent's attention, each switchable and remembered per browser:
// a chime (Web Audio, no file to load), a browser notification, and a spoken cue.
"use client";

export type AlertPrefs = { sound: boolean; notify: boolean; speak: boolean };
const KEY = "isession.agent.alerts";
export const DEFAULT_ALERTS: AlertPrefs = { sound: true, notify: true, speak: false };

export function loadAlertPrefs(): AlertPrefs {
  try {
    return { ...DEFAULT_ALERTS, ...(JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<AlertPrefs>) };
  } catch {
    return DEFAULT_ALERTS;
  }
}

const listeners = new Set<() => void>();
let cached: AlertPrefs | undefined;

export function saveAlertPrefs(p: AlertPrefs): void {
  localStorage.setItem(KEY, JSON.stringify(p));
  cached = p;
  for (const l of listeners) l();
}

/** For useSyncExternalStore: the server renders the defaults, the browser its saved choice. */
export const alertPrefsStore = {
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  get: (): AlertPrefs => (cached ??= loadAlertPrefs()),
  getServer: (): AlertPrefs => DEFAULT_ALERTS,
};

let audio: AudioContext | undefined;

function chime(): void {
  const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return;
  audio ??= new Ctx();
  const t = audio.currentTime;
  // Two rising notes: noticeable, not alarming.
  for (const [i, freq] of [660, 880].entries()) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t + i * 0.18);
    gain.gain.exponentialRampToValueAtTime(0.2, t + i * 0.18 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.18 + 0.16);
    osc.connect(gain).connect(audio.destination);
    osc.start(t + i * 0.18);
    osc.stop(t + i * 0.18 + 0.17);
  }
}

export function alertIncoming(prefs: AlertPrefs, detail: string): void {
  if (prefs.sound) chime();
  if (prefs.notify && "Notification" in window && Notification.permission === "granted" && document.visibilityState !== "visible") {
    new Notification("Incoming chat request", { body: detail, tag: "isession-offer" });
  }
  if (prefs.speak && "speechSynthesis" in window) {
    window.speechSynthesis.speak(new SpeechSynthesisUtterance("Incoming chat request"));
  }
}
