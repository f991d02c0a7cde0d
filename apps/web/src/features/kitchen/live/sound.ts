import { localStore } from '../../../lib/local-store';

/*
 * The kitchen's sounds, made with Web Audio (no files to load): a rising
 * two-note chime for a new ticket, a low double buzz for a void. Browsers
 * keep audio suspended until the page is touched, so the first tap anywhere
 * (a chef starts a line) wakes it.
 */

const SOUND_KEY = 'plato.kitchen.sound';
let context: AudioContext | undefined;

export function soundEnabled(): boolean {
  return localStore.get(SOUND_KEY) !== 'off';
}

export function setSoundEnabled(on: boolean): void {
  localStore.set(SOUND_KEY, on ? 'on' : 'off');
  if (on) wakeAudio();
}

/** Creates or resumes the audio context; call it from a user gesture. */
export function wakeAudio(): void {
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  if (context.state === 'suspended') void context.resume();
}

function tone(at: number, frequency: number, seconds: number, type: OscillatorType): void {
  if (!context) return;
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

export function playSound(kind: 'new-ticket' | 'void'): void {
  if (!soundEnabled() || !context || context.state !== 'running') return;
  const now = context.currentTime;
  if (kind === 'new-ticket') {
    tone(now, 880, 0.25, 'sine');
    tone(now + 0.2, 1320, 0.35, 'sine');
  } else {
    tone(now, 220, 0.18, 'square');
    tone(now + 0.25, 220, 0.18, 'square');
  }
}
