// Two soft rising notes made with Web Audio (no file to load). Browsers allow sound once the page
// has had a click, which both the agent console and the waiting page ask for before relying on it.
"use client";

let audio: AudioContext | undefined;

export function chime(notes: readonly number[] = [660, 880]): void {
  const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return;
  audio ??= new Ctx();
  void audio.resume().catch(() => undefined);
  const t = audio.currentTime;
  for (const [i, freq] of notes.entries()) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t + i * 0.2);
    gain.gain.exponentialRampToValueAtTime(0.18, t + i * 0.2 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.2 + 0.18);
    osc.connect(gain).connect(audio.destination);
    osc.start(t + i * 0.2);
    osc.stop(t + i * 0.2 + 0.2);
  }
}
