import { describe, expect, it } from 'vitest';
import { landingFor } from '../../../renderer/app/landing.js';

const all = [
  'start',
  'machines',
  'jobs',
  'library',
  'training',
  'treasury',
  'production',
  'people',
  'settings',
];
const lab = ['machines', 'jobs', 'library', 'training', 'campaign', 'settings'];

describe('where a person lands after logging in', () => {
  it('an administrator of a lab not yet set up lands on the checklist; once it is set up, on the machines', () => {
    expect(landingFor(['admin'], all, false)).toBe('start');
    expect(landingFor(['admin'], all, true)).toBe('machines');
  });

  it('each role on the screen of its daily work', () => {
    expect(landingFor(['staff'], lab, true)).toBe('machines');
    expect(landingFor(['instructor', 'staff'], lab, true)).toBe('training/desk');
    expect(landingFor(['trainee'], lab, true)).toBe('training');
    expect(landingFor(['treasurer'], ['training', 'treasury', 'settings'], true)).toBe('treasury');
  });

  it('a set-up lab never sends a non-admin to the checklist, whatever the flag says', () => {
    expect(landingFor(['staff'], lab, false)).toBe('machines');
    expect(landingFor(['treasurer'], ['training', 'treasury', 'settings'], false)).toBe('treasury');
  });

  it('only to an area the person can open: otherwise their first area', () => {
    expect(landingFor(['treasurer'], ['training', 'campaign', 'settings'], true)).toBe('training');
    expect(landingFor(['trainee'], ['settings'], true)).toBe('settings');
    expect(landingFor([], [], true)).toBe('');
  });
});
