import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MachineSnapshot } from '../../../preload/contract/index.js';
import { askToNotifyOnce, jobEnded, useJobEndAlert } from '../../../renderer/features/machines/job-alert.js';

type Job = NonNullable<MachineSnapshot['job']>;

const job = (state: Job['state'], over: Partial<Job> = {}): Job => ({
  name: 'frame.gcode',
  state,
  dryRun: false,
  totalBytes: 100,
  ackedLine: 0,
  ackedOffset: 0,
  startLine: 0,
  startedAt: '2026-11-24T15:00:00.000Z',
  endedAt: null,
  etaSeconds: null,
  reason: null,
  failedLine: null,
  ...over,
});

/** The browser's Notification, recorded: what was shown, and how often permission was asked. */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static shown: { title: string; body: string | undefined }[] = [];
  static asked = 0;
  static requestPermission(): Promise<NotificationPermission> {
    FakeNotification.asked += 1;
    FakeNotification.permission = 'granted';
    return Promise.resolve('granted');
  }
  constructor(title: string, options?: NotificationOptions) {
    FakeNotification.shown.push({ title, body: options?.body });
  }
}

function Probe({ value }: { value: Job | null }) {
  useJobEndAlert(value, 'Practice printer');
  return null;
}

beforeEach(() => {
  FakeNotification.permission = 'default';
  FakeNotification.shown = [];
  FakeNotification.asked = 0;
  vi.stubGlobal('Notification', FakeNotification);
  localStorage.clear();
  document.documentElement.lang = 'en';
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('telling the person a job ended', () => {
  it('sees an end only after the same job was seen running or paused', () => {
    expect(jobEnded(job('running'), job('completed'))).toBe('completed');
    expect(jobEnded(job('paused'), job('stopped'))).toBe('stopped');
    expect(jobEnded(job('running'), job('failed'))).toBe('failed');
    expect(jobEnded(job('running'), job('running'))).toBeNull();
    expect(jobEnded(job('running'), job('paused'))).toBeNull();
    // Opening the page on a job that ended long ago is not news.
    expect(jobEnded(null, job('completed'))).toBeNull();
    expect(jobEnded(job('completed'), job('completed'))).toBeNull();
    // Another job's end (a new start) is not this one's.
    expect(jobEnded(job('running'), job('completed', { startedAt: '2026-11-24T16:00:00.000Z' }))).toBeNull();
  });

  it('asks for permission once, even across calls, and never again after an answer', () => {
    askToNotifyOnce();
    askToNotifyOnce();
    expect(FakeNotification.asked).toBe(1);
    FakeNotification.permission = 'default';
    askToNotifyOnce(); // the answer was remembered as asked: not asked again
    expect(FakeNotification.asked).toBe(1);
  });

  it('notifies once when a running job completes or is stopped, with the job and the machine, and not while it runs', () => {
    FakeNotification.permission = 'granted';
    const view = render(<Probe value={job('running')} />);
    view.rerender(<Probe value={job('running', { ackedOffset: 50 })} />);
    expect(FakeNotification.shown).toEqual([]);
    view.rerender(<Probe value={job('completed', { ackedOffset: 100 })} />);
    view.rerender(<Probe value={job('completed', { ackedOffset: 100 })} />);
    expect(FakeNotification.shown).toEqual([
      {
        title: 'frame.gcode finished on Practice printer',
        body: 'Go to Practice printer to see what happened and what comes next.',
      },
    ]);
    const next = { startedAt: '2026-11-24T17:00:00.000Z' };
    view.rerender(<Probe value={job('running', next)} />);
    view.rerender(<Probe value={job('stopped', { ...next, reason: 'Stopped by Marisol Vega' })} />);
    expect(FakeNotification.shown.at(-1)).toEqual({
      title: 'frame.gcode was stopped on Practice printer',
      body: 'Stopped by Marisol Vega',
    });
  });

  it('shows nothing without permission (the page itself still says it)', () => {
    FakeNotification.permission = 'denied';
    const view = render(<Probe value={job('running')} />);
    view.rerender(<Probe value={job('completed')} />);
    expect(FakeNotification.shown).toEqual([]);
  });
});
