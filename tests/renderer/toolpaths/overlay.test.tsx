import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ToolpathPlan } from '../../../preload/contract/methods/toolpaths.js';
import { depthColour, ToolpathOverlay } from '../../../renderer/viewer/ToolpathOverlay.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const plan: ToolpathPlan = {
  model: 'srm-20',
  modelName: 'Roland SRM-20',
  language: 'rml',
  strokes: [
    {
      points: [
        [1, 1],
        [9, 1],
        [9, 4],
        [1, 1],
      ],
      z: -0.6096,
      closed: true,
    },
    {
      points: [
        [1, 1],
        [9, 1],
        [9, 4],
        [1, 1],
      ],
      z: -1.2192,
      closed: true,
    },
    {
      points: [
        [1, 1],
        [9, 1],
        [9, 4],
        [1, 1],
      ],
      z: -1.8288,
      closed: true,
    },
  ],
  gaps: [{ x: 5, y: 2, width: 0.25, kind: 'merge' }],
  board: { width: 10, height: 5 },
  dpi: 1000,
  summary: { loops: 1, cutLengthMm: 60, estimatedSeconds: 30, bbox: [1, 1, 9, 4] },
  mill: {
    toolDiameter: 0.79,
    cutDepth: 0.61,
    maxDepth: 1.83,
    offsets: 1,
    stepover: 0.5,
    speed: 4,
    direction: 'climb',
  },
  cut: null,
  machineBytes: 200,
};

const words = {
  label: 'paths',
  order: 'Cut order',
  play: 'Play',
  pause: 'Pause',
  depth: 'Depth',
  gap: (w: string) => `gap ${w} mm`,
};

describe('the toolpath overlay', () => {
  it('colours depth from blue (shallow) to red (deepest); one depth is one colour', () => {
    expect(depthColour(-0.1, -1)).toBe('hsl(189 80% 45%)');
    expect(depthColour(-1, -1)).toBe('hsl(0 80% 45%)');
    expect(depthColour(0, 0)).toBe('hsl(210 80% 45%)');
  });

  it('draws the PNG underneath, the board, each pass in its depth colour and the DRC ring with its width', () => {
    render(<ToolpathOverlay plan={plan} imageUrl="blob:board" words={words} />);
    const svg = screen.getByRole('img', { name: 'paths' });
    expect(svg.querySelector('image')?.getAttribute('href')).toBe('blob:board');
    expect(svg.querySelector('[data-testid="toolpath-board"]')?.getAttribute('width')).toBe('10');
    const colours = [...svg.querySelectorAll('polyline')].map((p) => p.getAttribute('stroke'));
    expect(colours).toEqual(['hsl(140 80% 45%)', 'hsl(70 80% 45%)', 'hsl(0 80% 45%)']);
    expect(svg.querySelector('[data-testid="toolpath-gap"] title')?.textContent).toBe('gap 0.25 mm');
    expect(screen.getByText(/■ 1\.829 mm/)).toBeTruthy();
  });

  it('plays the cut order from the first pass to the last', () => {
    vi.useFakeTimers();
    render(<ToolpathOverlay plan={plan} imageUrl={null} words={words} />);
    const svg = screen.getByRole('img', { name: 'paths' });
    expect(svg.querySelector('image')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(svg.querySelectorAll('polyline')).toHaveLength(0);
    act(() => {
      vi.advanceTimersByTime(60);
    });
    expect(svg.querySelectorAll('polyline')).toHaveLength(1);
    act(() => {
      vi.advanceTimersByTime(120);
    });
    expect(svg.querySelectorAll('polyline')).toHaveLength(3);
    act(() => {
      vi.advanceTimersByTime(60);
    });
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy(); // stopped at the end
  });
});
