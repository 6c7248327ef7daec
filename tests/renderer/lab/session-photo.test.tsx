import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MachinesScreen } from '../../../renderer/features/machines/MachinesScreen.js';
import { renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { uploadBytes } from '../../helpers/upload.js';
import { labFixture, type Lab } from '../../unit/lab/helpers.js';

// jsdom has no server to POST to: the screen's upload goes to the test host's upload area, the code behind both
// hosts' upload routes (the HTTP route itself is tested in tests/unit/files/uploads.test.ts).
vi.mock('../../../renderer/features/library/upload.js', async (original) => {
  const actual = await original<typeof import('../../../renderer/features/library/upload.js')>();
  return {
    ...actual,
    sendUpload: async (file: File) => uploadBytes(t, lab.trained, new Uint8Array(await file.arrayBuffer())),
  };
});

/** The photo of the result on the stop form, against a real host. */
let t: TestHost;
let lab: Lab;
const WAIT = { timeout: 10_000 };

beforeEach(async () => {
  vi.stubGlobal('fetch', () => Promise.resolve(new Response(null, { status: 404 })));
  t = await startTestHost({ start: '2026-12-08T16:00:00.000Z' });
  lab = await labFixture(t);
  document.documentElement.lang = 'en';
  window.desk = {
    call: (method, input) => lab.trained.raw(method, input),
    on: (topic, listener) => lab.trained.on(topic, listener),
  };
});

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  delete window.desk;
  await t.close();
});

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('a photo of the result on screen', () => {
  it('a picture over 2 MB is refused before sending; a small one is kept with the stopped session', async () => {
    renderScreen(<MachinesScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open Singer 4423' }, WAIT));
    fireEvent.click(await screen.findByRole('button', { name: 'Start a session on Singer 4423' }, WAIT));
    const input = await screen.findByLabelText(/^Photo of the result/, {}, WAIT);
    const big = new File(
      [new Uint8Array([...PNG, ...new Array<number>(2 * 1024 * 1024 - 7).fill(1)])],
      'big.png',
      {
        type: 'image/png',
      },
    );
    fireEvent.change(input, { target: { files: [big] } });
    fireEvent.click(screen.getByRole('button', { name: 'Stop the session on Singer 4423' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That picture is larger than 2 MB: choose a smaller one.',
    );
    expect(await t.admin.ok('lab.sessions.list', { open: true })).toHaveLength(1);

    const small = new File([new Uint8Array([...PNG, 1, 2, 3])], 'masks.png', { type: 'image/png' });
    fireEvent.change(input, { target: { files: [small] } });
    fireEvent.click(screen.getByRole('button', { name: 'Stop the session on Singer 4423' }));
    await screen.findByRole('button', { name: 'Start a session on Singer 4423' }, WAIT);
    await waitFor(async () => {
      const [ended] = await t.admin.ok('lab.sessions.list', {});
      expect(ended).toMatchObject({ endKind: 'stopped', photoUrl: `/blob/lab/session-photo/${ended!.id}` });
    }, WAIT);
  });
});
