/*
 * Short tones made with Web Audio, so alerts need no sound files. Browsers
 * keep audio suspended until the page is touched, so a screen calls
 * `wakeAudio` from its first tap; until then tones are silently skipped.
 */

import { localStore } from './local-store';

let context: AudioContext | undefined;

/** Creates or resumes the audio context; call it from a user gesture. */
export function wakeAudio(): void {
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  if (context.state === 'suspended') void context.resume();
}

export type Tone = { delay: number; frequency: number; seconds: number; type: OscillatorType };

/** Plays the tones (delays in seconds from now), if the page has been touched and audio runs. */
export function playTones(tones: readonly Tone[]): void {
  if (!context || context.state !== 'running') return;
  const now = context.currentTime;
  for (const { delay, frequency, seconds, type } of tones) {
    const at = now + delay;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = type;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + seconds + 0.05);
  }
}

/** A screen's "sound on / off", remembered on the device under `key` (on until turned off). */
export function soundSwitch(key: string): { enabled: () => boolean; set: (on: boolean) => void } {
  return {
    enabled: () => localStore.get(key) !== 'off',
    set: (on) => {
      localStore.set(key, on ? 'on' : 'off');
      if (on) wakeAudio();
    },
  };
}
