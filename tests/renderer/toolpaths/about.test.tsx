import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AboutBox, MODS_CREDIT } from '../../../renderer/app/AboutBox.js';
import { renderScreen } from '../../helpers/screen.js';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';

let t: TestHost;
beforeEach(async () => {
  t = await startTestHost();
  const client = await t.as('trainee');
  window.desk = { call: (m, i) => client.raw(m, i), on: (topic, l) => client.on(topic, l) };
});
afterEach(async () => {
  cleanup();
  delete window.desk;
  document.documentElement.lang = 'en';
  await t.close();
});

describe('the About box acknowledges mods, as its terms ask', () => {
  it('names the version the host reports and credits mods in both languages', async () => {
    document.documentElement.lang = 'en';
    renderScreen(<AboutBox />);
    expect(await screen.findByText(/— Version \d+\.\d+\.\d+/)).toBeTruthy();
    expect(screen.getByText(MODS_CREDIT)).toBeTruthy();
    expect(MODS_CREDIT).toContain('Neil Gershenfeld, MIT Center for Bits and Atoms');
    expect(MODS_CREDIT).toContain('github.com/fabfoundation/mods');
    cleanup();
    document.documentElement.lang = 'es';
    renderScreen(<AboutBox />);
    expect(await screen.findByRole('heading', { name: 'Acerca de' })).toBeTruthy();
    expect(screen.getByText(MODS_CREDIT)).toBeTruthy();
  });
});
