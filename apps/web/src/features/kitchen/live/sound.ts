import { playTones, soundSwitch, wakeAudio } from '../../../lib/web-audio';

/*
 * The kitchen's sounds: a rising two-note chime for a new ticket, a low
 * double buzz for a void. The first tap anywhere (a chef starts a line)
 * wakes the audio.
 */

const sound = soundSwitch('plato.kitchen.sound');

export { wakeAudio };
export const soundEnabled = sound.enabled;
export const setSoundEnabled = sound.set;

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
