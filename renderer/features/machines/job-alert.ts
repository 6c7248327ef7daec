import { useEffect, useRef } from 'react';
import type { MachineSnapshot } from '../../../preload/contract/index.js';
import { useT } from './api.js';

type Job = NonNullable<MachineSnapshot['job']>;
export type JobEnd = 'completed' | 'failed' | 'stopped' | 'interrupted';

const ASKED_KEY = 'desk.notifications.asked';

/** How a job ended between two snapshots, or null when it did not end between them (or was never seen running). */
export function jobEnded(before: Job | null, after: Job | null): JobEnd | null {
  if (before === null || (before.state !== 'running' && before.state !== 'paused')) return null;
  if (after === null) return null;
  if (after.startedAt !== before.startedAt) return null;
  return after.state === 'running' || after.state === 'paused' ? null : after.state;
}

/**
 * Asks the browser (or Electron, which answers for the desktop) once for permission to show notifications; a
 * person who said no is not asked again. Call it from a click (browsers ignore requests made without one).
 */
export function askToNotifyOnce(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  try {
    if (localStorage.getItem(ASKED_KEY) !== null) return;
    localStorage.setItem(ASKED_KEY, new Date().toISOString());
  } catch {
    // Storage off (private window): asking again next time is the lesser harm.
  }
  void Notification.requestPermission();
}

/** A short two-tone chime through Web Audio; silent where there is no audio (tests, locked-down browsers). */
function chime(ok: boolean): void {
  const Context = (window as { AudioContext?: typeof AudioContext }).AudioContext;
  if (Context === undefined) return;
  try {
    const audio = new Context();
    const tones = ok ? [660, 880] : [440, 330];
    tones.forEach((frequency, i) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(audio.destination);
      const start = audio.currentTime + i * 0.18;
      osc.start(start);
      osc.stop(start + 0.16);
    });
    setTimeout(() => void audio.close(), 1000);
  } catch {
    // No sound is not worth an error: the notification and the screen still say it.
  }
}

/**
 * Tells the person when a job on this machine ends or stops, even while they look at another window: an OS /
 * browser notification (when permitted) and a chime. Once per job end, from the pushed snapshots.
 */
export function useJobEndAlert(job: Job | null, machineName: string): void {
  const t = useT();
  const last = useRef<Job | null>(null);
  useEffect(() => {
    const end = jobEnded(last.current, job);
    last.current = job;
    if (end === null || job === null) return;
    const title = t(`machines.alert.${end}`, { name: job.name, machine: machineName });
    const body = job.reason ?? t('machines.alert.body', { machine: machineName });
    chime(end === 'completed');
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      try {
        new Notification(title, { body, tag: `desk-job-${machineName}` });
      } catch {
        // Some browsers only notify from a service worker; the chime and the page still tell.
      }
    }
  }, [job, machineName, t]);
}
