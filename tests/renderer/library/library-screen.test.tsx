import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeskBridge } from '../../../preload/contract/index.js';
import { LibraryScreen } from '../../../renderer/features/library/LibraryScreen.js';
import { renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';
import { uploadBytes } from '../../helpers/upload.js';

// jsdom has no server to POST to: the screen's uploads go to the test host's upload area, the code behind both
// hosts' upload routes (the HTTP route itself is tested in tests/unit/files/uploads.test.ts).
vi.mock('../../../renderer/features/library/upload.js', async (original) => {
  const actual = await original<typeof import('../../../renderer/features/library/upload.js')>();
  return {
    ...actual,
    sendUpload: async (file: File) => uploadBytes(t, trainee, new Uint8Array(await file.arrayBuffer())),
  };
});

/** The library screen against a real host over a real SQLite file: what it uploads is what main parses and stores. */
const fixtures = join(import.meta.dirname, '../../fixtures/files');
let t: TestHost;
let trainee: TestClient;

function connect(client: TestClient): void {
  const bridge: DeskBridge = {
    call: (method, input) => client.raw(method, input),
    on: () => () => undefined,
  };
  (window as unknown as { desk: DeskBridge }).desk = bridge;
}

function show() {
  return renderScreen(<LibraryScreen />);
}

const fixtureFile = (name: string) => new File([readFileSync(join(fixtures, name))], name);

function pick(...files: File[]): void {
  fireEvent.change(screen.getByTestId('import-input'), { target: { files } });
}

beforeEach(async () => {
  t = await startTestHost();
  trainee = await t.as('trainee');
  connect(trainee);
  document.documentElement.lang = 'en';
});

afterEach(async () => {
  cleanup();
  await t.close();
});

describe('library screen', () => {
  it('adds picked files, lists them with their numbers, and explains the ones it refuses', async () => {
    show();
    await waitFor(() => expect(screen.getByText('No files yet. Add one to see it here.')).toBeTruthy());
    pick(
      fixtureFile('laserweb-style_jsdc-laser.gcode'),
      fixtureFile('EDGE_binary-truncated.stl'),
      new File(['%PDF'], 'invoice.pdf'),
    );
    await waitFor(() => expect(screen.getByText('laserweb-style_jsdc-laser.gcode added.')).toBeTruthy(), {
      timeout: 10_000,
    });
    expect(
      screen.getByText('EDGE_binary-truncated.stl: STL file is cut off after 182 of 364 triangles.'),
    ).toBeTruthy();
    expect(screen.getByText('invoice.pdf is not a G-code, ShopBot or model file.')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /laserweb-style_jsdc-laser\.gcode/ })).toBeTruthy(),
    );
    expect(screen.getByText(/92\.6 × 29\.8 × 0\.0 mm · 1 layer · about 5 min 04 s/)).toBeTruthy();
  });

  it('search and the kind filter narrow the list', async () => {
    await trainee.ok('files.import', {
      name: 'box.3mf',
      uploadId: await uploadBytes(t, trainee, readFileSync(join(fixtures, 'box.3mf'))),
      tags: ['test'],
    });
    await trainee.ok('files.import', {
      name: 'arc.gcode',
      uploadId: await uploadBytes(t, trainee, readFileSync(join(fixtures, 'arc-xy-plane.gcode'))),
      tags: [],
    });
    show();
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(2));
    fireEvent.change(screen.getByLabelText('Kind of file'), { target: { value: 'model' } });
    await waitFor(() => {
      expect(screen.queryByRole('button', { name: /arc\.gcode/ })).toBeNull();
      expect(screen.getByRole('button', { name: /box\.3mf/ })).toBeTruthy();
    });
    fireEvent.change(screen.getByLabelText('Search names, notes and tags'), {
      target: { value: 'nothing like it' },
    });
    await waitFor(() => expect(screen.getByText('No files match.')).toBeTruthy());
  });

  it('the owner opens a file and saves its notes and tags', async () => {
    await trainee.ok('files.import', {
      name: 'box.3mf',
      uploadId: await uploadBytes(t, trainee, readFileSync(join(fixtures, 'box.3mf'))),
      tags: [],
    });
    show();
    fireEvent.click(await screen.findByRole('button', { name: /box\.3mf/ }));
    fireEvent.change(await screen.findByLabelText('Notes'), { target: { value: 'print in PETG' } });
    fireEvent.change(screen.getByLabelText('Tags (comma separated)'), { target: { value: 'box, petg' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(async () => {
      const [file] = await trainee.ok('files.list', {});
      expect(file).toMatchObject({ notes: 'print in PETG', tags: ['box', 'petg'] });
    });
  });
});
