// The three ways an offer gets an agent's attention, each switchable and remembered per browser:
// a chime (Web Audio, no file to load), a browser notification, and a spoken cue.
"use client";

import { chime } from "@/lib/chime";

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

export function alertIncoming(prefs: AlertPrefs, detail: string): void {
  if (prefs.sound) chime();
  if (prefs.notify && "Notification" in window && Notification.permission === "granted" && document.visibilityState !== "visible") {
    new Notification("Incoming chat request", { body: detail, tag: "isession-offer" });
  }
  if (prefs.speak && "speechSynthesis" in window) {
    window.speechSynthesis.speak(new SpeechSynthesisUtterance("Incoming chat request"));
  }
}
