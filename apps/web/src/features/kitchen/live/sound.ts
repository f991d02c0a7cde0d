import { localStore } from '../../../lib/local-store';
import { playTones, wakeAudio } from '../../../lib/web-audio';

/*
 * The kitchen's sounds: a rising two-note chime for a new ticket, a low
 * double buzz for a void. The first tap anywhere (a chef starts a line)
 * wakes the audio.
 */

const SOUND_KEY = 'plato.kitchen.sound';

export { wakeAudio };

export function soundEnabled(): boolean {
  return localStore.get(SOUND_KEY) !== 'off';
}

export function setSoundEnabled(on: boolean): void {
  localStore.set(SOUND_KEY, on ? 'on' : 'off');
  if (on) wakeAudio();
}

export function playSound(kind: 'new-ticket' | 'void'): void {
  if (!soundEnabled()) return;
  playTones(
    kind === 'new-ticket'
      ? [
          { delay: 0, frequency: 880, seconds: 0.25, type: 'sine' },
          { delay: 0.2, frequency: 1320, seconds: 0.35, type: 'sine' },
        ]
      : [
          { delay: 0, frequency: 220, seconds: 0.18, type: 'square' },
          { delay: 0.25, frequency: 220, seconds: 0.18, type: 'square' },
        ],
  );
}
