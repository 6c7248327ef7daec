import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DeskBridge } from '../../../preload/contract/index.js';
import { useAckedLine } from '../../../renderer/features/library/live-progress.js';

describe('live progress for the preview', () => {
  it('follows the acknowledged line of one machine from its pushed snapshots', () => {
    const listeners: ((payload: unknown) => void)[] = [];
    const bridge: DeskBridge = {
      call: () => Promise.reject(new Error('not used')),
      on: (_topic, listener) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    };
    (window as unknown as { desk: DeskBridge }).desk = bridge;
    const { result, unmount } = renderHook(() => useAckedLine(2));
    expect(result.current).toBeNull();
    act(() => {
      for (const l of listeners) l({ machineId: 1, job: { ackedLine: 999 } });
      for (const l of listeners) l({ machineId: 2, job: { ackedLine: 120 } });
    });
    expect(result.current).toBe(120);
    act(() => {
      for (const l of listeners) l({ machineId: 2, job: null });
    });
    expect(result.current).toBeNull();
    unmount();
    expect(listeners).toHaveLength(0);
  });
});
