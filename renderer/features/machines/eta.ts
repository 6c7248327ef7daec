import { useState } from 'react';
import type { MachineSnapshot } from '../../../preload/contract/index.js';

type Job = NonNullable<MachineSnapshot['job']>;

/** "1 h 21 min", "4 min 30 s", "45 s": always with units (never "1:21", which reads as minutes or hours). */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

/** How much each new rate sample counts: 0.1 means a sudden change shows fully only after a few dozen samples. */
const WEIGHT = 0.1;
/** Samples closer than this (host time) are folded together: a burst of acknowledgements is not a rate. */
const MIN_GAP_MS = 1000;

export interface EtaState {
  /** Identifies the job the state belongs to (its start). */
  startedAt: string;
  lastAt: number;
  lastOffset: number;
  /** Smoothed bytes per second, or null until there is a first rate. */
  rate: number | null;
}

/**
 * Time left from a smoothed rate of progress (bytes acknowledged per second of the host's clock), not from the
 * raw figure the stream reports, which jumps as long and short moves alternate. An exponential moving average of
 * the rate: one slow layer moves the estimate by a tenth, not all the way. Returns the new state and the estimate
 * in seconds (null until two samples a second apart exist, and when the job is not running).
 */
export function nextEta(
  state: EtaState | null,
  job: Job,
  at: string,
): { state: EtaState; seconds: number | null } {
  const now = Date.parse(at);
  if (state === null || state.startedAt !== job.startedAt) {
    return {
      state: { startedAt: job.startedAt, lastAt: now, lastOffset: job.ackedOffset, rate: null },
      seconds: job.etaSeconds,
    };
  }
  let next = state;
  const gap = now - state.lastAt;
  if (job.state === 'running' && gap >= MIN_GAP_MS && job.ackedOffset >= state.lastOffset) {
    const sample = ((job.ackedOffset - state.lastOffset) * 1000) / gap;
    const rate = state.rate === null ? sample : state.rate + WEIGHT * (sample - state.rate);
    next = { ...state, lastAt: now, lastOffset: job.ackedOffset, rate };
  } else if (job.state !== 'running') {
    // Paused: the clock runs but no bytes move; start measuring again from here when it resumes.
    next = { ...state, lastAt: now, lastOffset: job.ackedOffset };
  }
  const left = job.totalBytes - job.ackedOffset;
  if (job.state !== 'running' && job.state !== 'paused') return { state: next, seconds: null };
  if (next.rate === null) return { state: next, seconds: job.etaSeconds };
  if (left <= 0) return { state: next, seconds: 0 };
  return { state: next, seconds: next.rate > 0 ? left / next.rate : null };
}

/** A machine page's smoothed time left for the running job of its latest snapshot. */
export function useSmoothedEta(snapshot: MachineSnapshot): number | null {
  const [memory, setMemory] = useState<{ at: string; state: EtaState | null; seconds: number | null }>({
    at: '',
    state: null,
    seconds: null,
  });
  const job = snapshot.job;
  if (job === null) return null;
  // One step per snapshot (React's "state from the previous render" pattern): re-renders reuse the last answer.
  if (memory.at !== snapshot.at) {
    const { state, seconds } = nextEta(memory.state, job, snapshot.at);
    setMemory({ at: snapshot.at, state, seconds });
    return seconds;
  }
  return memory.seconds;
}
