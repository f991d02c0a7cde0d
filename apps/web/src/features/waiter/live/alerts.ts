import { playTones, soundSwitch, wakeAudio } from '../../../lib/web-audio';

/*
 * What a waiter feels and hears when the floor needs them: a short tone
 * (Web Audio, no files) and a buzz where the phone allows it. Both need a
 * first tap on the page (browsers' rule); the words go to a live region
 * whatever happens here.
 */

const sound = soundSwitch('plato.waiter.sound');

export const alertsAudible = sound.enabled;
export const setAlertsAudible = sound.set;

export { wakeAudio };

/** A bright two-note ping for a call; a warm triple note for food at the pass. */
export function ring(kind: 'call' | 'ready' | 'pending'): void {
  if (alertsAudible()) {
    playTones(
      kind === 'ready'
        ? [
            { delay: 0, frequency: 660, seconds: 0.15, type: 'triangle' },
            { delay: 0.15, frequency: 880, seconds: 0.15, type: 'triangle' },
            { delay: 0.3, frequency: 1100, seconds: 0.3, type: 'triangle' },
          ]
        : [
            { delay: 0, frequency: 1180, seconds: 0.18, type: 'sine' },
            { delay: 0.22, frequency: 1180, seconds: 0.25, type: 'sine' },
          ],
    );
  }
  // Vibration is refused before the page was touched (and absent on iOS); asking is harmless.
  const activated = navigator.userActivation?.hasBeenActive ?? true;
  if (activated && typeof navigator.vibrate === 'function') navigator.vibrate(kind === 'ready' ? [120, 80, 120] : 200);
}
