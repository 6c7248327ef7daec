import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryScreen } from '../../../renderer/features/library/LibraryScreen.js';
import { fitCheck } from '../../../renderer/viewer/fit-check.js';
import { SBP_NOTES } from '../../../main/files/sbp/parse-sbp.js';
import { libraryMessages } from '../../../renderer/features/library/messages.js';
import type { DeskBridge } from '../../../preload/contract/index.js';
import { renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { uploadBytes } from '../../helpers/upload.js';

/** ShopBot part files in the library screen, against a real host over a real SQLite file. */
const fixtures = join(import.meta.dirname, '../../fixtures/files');
let t: TestHost;
let trainee: TestClient;

async function importFixture(name: string) {
  return trainee.ok('files.import', {
    name,
    uploadId: await uploadBytes(t, trainee, readFileSync(join(fixtures, name))),
    tags: [],
  });
}

beforeEach(async () => {
  t = await startTestHost();
  trainee = await t.as('trainee');
  const bridge: DeskBridge = {
    call: (method, input) => trainee.raw(method, input),
    on: () => () => undefined,
  };
  (window as unknown as { desk: DeskBridge }).desk = bridge;
  document.documentElement.lang = 'en';
});

afterEach(async () => {
  cleanup();
  await t.close();
});

describe('ShopBot part files in the library', () => {
  it('lists a part file with its size, units, time and tool changes, and filters by kind', async () => {
    await importFixture('shelf-side_inch.sbp');
    await importFixture('arc-xy-plane.gcode');
    renderScreen(<LibraryScreen />);
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(2));
    expect(screen.getByText('177.8 × 101.6 × 12.7 mm · inches · about 17 s · 2 tool changes')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Kind of file'), { target: { value: 'sbp' } });
    await waitFor(() => expect(screen.queryByRole('button', { name: /arc-xy-plane/ })).toBeNull());
    expect(screen.getByRole('button', { name: /shelf-side_inch\.sbp/ })).toBeTruthy();
  });

  it('a file opened shows who runs it, its lengths and the skipped lines with their numbers, in Spanish too', async () => {
    await importFixture('tray-passes_mm.sbp');
    document.documentElement.lang = 'es';
    renderScreen(<LibraryScreen />);
    fireEvent.click(await screen.findByRole('button', { name: /tray-passes_mm\.sbp/ }));
    expect(
      await screen.findByText(
        'Un archivo de ShopBot: lo ejecuta el programa de control de ShopBot, no el Desk.',
      ),
    ).toBeTruthy();
    expect(screen.getByText('1.30 m de corte, 182.2 mm en vacío')).toBeTruthy();
    expect(screen.getByText('Líneas que la vista previa omitió o leyó solo en parte')).toBeTruthy();
    expect(
      screen.getByText('Línea 19: XY no se admite; se omite (el corte puede diferir de la vista previa)'),
    ).toBeTruthy();
  });

  it('every note the parser writes has words in English (the same as main’s) and in Spanish', () => {
    const en: Record<string, string> = libraryMessages.en;
    const es: Record<string, string> = libraryMessages.es;
    for (const [code, english] of Object.entries(SBP_NOTES)) {
      if (code === 'unreadable') continue; // its detail is main's own sentence, shown as it is
      expect(en[`library.sbp.note.${code}`], code).toBe(english);
      expect(es[`library.sbp.note.${code}`], code).toMatch(/\S/);
      // The Spanish words use the same placeholders.
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(es[`library.sbp.note.${code}`]!), code).toEqual(names(english));
    }
  });

  it('fit check: a part file is placed, so cutting outside the table does not fit, just inside does', async () => {
    const file = await importFixture('tray-passes_mm.sbp');
    // Cutting reaches X 150 and Y 60 (from X 10, Y 10).
    const table = (width: number, depth: number) => ({ name: 'router', width, depth, height: 100 });
    expect(fitCheck(file.summary, table(150, 60))).toEqual({ fits: true });
    expect(fitCheck(file.summary, table(146, 60))).toMatchObject({ fits: false, axis: 'X', outside: true });
    expect(fitCheck(file.summary, table(150, 56))).toMatchObject({ fits: false, axis: 'Y', outside: true });
  });
});
