import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GcodeSummary } from '../../../preload/contract/methods/files.js';
import type { DecodedMesh } from '../../../renderer/viewer/decode.js';
import { englishViewerT } from '../../../renderer/viewer/messages.js';
import { MAX_DRAWN_TRIANGLES } from '../../../renderer/viewer/mesh-model.js';
import { Viewer } from '../../../renderer/viewer/Viewer.js';

afterEach(cleanup);

const summary = (max: [number, number, number]) =>
  ({ format: 'gcode', flavor: 'fff', bounds: { min: [10, 10, 0.2], max } }) as unknown as GcodeSummary;
const area = { name: 'Prusa MINI', width: 180, depth: 180, height: 180 };

describe('viewer limits', () => {
  // A toolpath has no cap any more (it is drawn with less detail: tests/unit/files/viewer-lod.test.ts); a model does.
  it('past the model cap it says the model is too large to draw fully instead of building geometry', () => {
    const huge = { type: 'mesh', triangles: MAX_DRAWN_TRIANGLES + 1 } as unknown as DecodedMesh;
    const { container } = render(
      <Viewer asset={huge} summary={summary([100, 100, 40])} area={area} t={englishViewerT} />,
    );
    expect(screen.getByRole('alert').textContent).toMatch(/too large to draw fully \(4,000,001 triangles\)/);
    expect(container.querySelector('canvas')).toBeNull();
  });

  it('warns clearly when the part does not fit the machine', () => {
    const huge = { type: 'mesh', triangles: MAX_DRAWN_TRIANGLES + 1 } as unknown as DecodedMesh;
    render(<Viewer asset={huge} summary={summary([100, 100, 250])} area={area} t={englishViewerT} />);
    expect(screen.getAllByRole('alert')[0]!.textContent).toBe(
      'Does not fit Prusa MINI: Z is 250.0 mm, the work area is 180 mm.',
    );
  });
});
