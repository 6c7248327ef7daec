import { describe, expect, it } from 'vitest';
import { heaterLabel } from '../../../renderer/features/machines/LiveChart.js';
import { machinesMessages, type MachinesMessageKey } from '../../../renderer/features/machines/messages.js';

const tIn =
  (language: 'en' | 'es') =>
  (key: MachinesMessageKey): string =>
    machinesMessages[language][key];

describe('the temperature chart legend', () => {
  it('names each heater in the person’s language with its unit, never a bare "T" or "B"', () => {
    expect(heaterLabel('T', tIn('en'))).toBe('Hotend °C');
    expect(heaterLabel('T0', tIn('en'))).toBe('Hotend °C');
    expect(heaterLabel('T1', tIn('en'))).toBe('Hotend 2 °C');
    expect(heaterLabel('B', tIn('en'))).toBe('Bed °C');
    expect(heaterLabel('B', tIn('es'))).toBe('Cama °C');
    expect(heaterLabel('T', tIn('es'))).toBe('Boquilla °C');
    expect(heaterLabel('C', tIn('en'))).toBe('C °C');
  });
});
