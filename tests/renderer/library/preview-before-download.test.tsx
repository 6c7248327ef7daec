import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileSummary } from '../../../preload/contract/methods/files.js';
import { MAX_DRAWN_TRIANGLES } from '../../../renderer/viewer/decode.js';
import { usePreview } from '../../../renderer/viewer/use-preview.js';

/** What the preview knows from the file's summary before it downloads anything (issue 17). */

afterEach(cleanup);

function Probe({ summary, asked }: { summary: FileSummary; asked: string[] }) {
  const state = usePreview('files/abc/data', summary, (path) => {
    asked.push(path);
    // Bytes that are no preview (the fetch fails cleanly): only which address is asked for matters here.
    return 'data:application/octet-stream,nothing';
  });
  return <p>{state.kind === 'too-large' ? `too large: ${state.triangles}` : state.kind}</p>;
}

const mesh = (triangles: number) =>
  ({
    format: 'stl',
    detail: 'binary',
    triangles,
    bounds: null,
    volumeMm3: 0,
    watertight: true,
    warnings: [],
  }) as FileSummary;

describe('preview before download', () => {
  it('a model past the triangle cap is announced from its summary and never fetched', () => {
    const asked: string[] = [];
    render(<Probe summary={mesh(MAX_DRAWN_TRIANGLES + 1)} asked={asked} />);
    expect(screen.getByText(`too large: ${MAX_DRAWN_TRIANGLES + 1}`)).toBeTruthy();
    expect(asked).toEqual([]);
  });

  it('a model at the cap is fetched whole', () => {
    const asked: string[] = [];
    render(<Probe summary={mesh(MAX_DRAWN_TRIANGLES)} asked={asked} />);
    expect(asked.at(-1)).toBe('files/abc/data');
  });

  it('a toolpath of any size is streamed in chunks, never refused', () => {
    const asked: string[] = [];
    const gcode = {
      format: 'gcode',
      segments: 50_000_000,
      layers: 9000,
      features: [],
    } as unknown as FileSummary;
    render(<Probe summary={gcode} asked={asked} />);
    expect(asked.at(-1)).toBe('files/abc/chunks');
    expect(screen.queryByText(/too large/)).toBeNull();
  });
});
