import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestClient, type TestHost } from '../../helpers/temp-host.js';

const ORG = {
  legalName: 'Center for Community Production',
  address: '123 Main St, Jackson, MS',
  ein: '12-3456789',
  taxStatus: 'cooperative' as const,
  fiscalSponsor: null,
  timeZone: 'America/Chicago',
};

describe('organisation and tax settings drive the acknowledgment wording (IRS Pub. 1771)', () => {
  let t: TestHost | undefined;
  let treasurer: TestClient;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function giftAck(receivingEntity: string | undefined, language: 'en' | 'es', returnValue?: string) {
    const donor = await treasurer.ok('treasury.parties.create', { kind: 'person', name: 'Aisha Bello' });
    const g = await treasurer.ok('treasury.receive', {
      idempotencyKey: crypto.randomUUID(),
      kind: 'gift',
      amount: '250.00',
      date: '2026-11-20',
      gift: {
        donorPartyId: donor.id,
        fundId: 1,
        ...(receivingEntity === undefined ? {} : { receivingEntity }),
        ...(returnValue === undefined ? {} : { returnDescription: 'A dinner ticket', returnValue }),
      },
      understood: true,
    });
    return (await treasurer.ok('treasury.acknowledgments.create', { giftId: g.giftId!, language })).content;
  }

  it('nothing set: a cooperative, and no letter calls the gift deductible', async () => {
    t = await startTestHost();
    treasurer = await t.as('treasurer');
    expect(await treasurer.ok('treasury.organisation.get', {})).toMatchObject({
      taxStatus: 'cooperative',
      fiscalSponsor: null,
      timeZone: 'America/Chicago',
    });
    const c = await giftAck(undefined, 'en', '100.00');
    const text = c.statements.join(' ');
    // Pub. 1771 elements: who received it, the amount, the date, and the goods or services with their value.
    expect(text).toContain(
      'Center for Community Production gratefully acknowledges a cash contribution of $250.00, received on 2026-11-20',
    );
    expect(text).toContain('with a good-faith estimated value of $100.00');
    expect(text).toContain(
      'Center for Community Production is a cooperative, not a 501(c)(3) organization: this contribution is not deductible as a charitable contribution.',
    );
    expect(text).not.toMatch(/is deductible|deductible for federal income tax purposes/);
  });

  it('a 501(c)(3) lab names its status and EIN; a gift through the fiscal sponsor names the sponsor as recipient, in Spanish too', async () => {
    t = await startTestHost();
    treasurer = await t.as('treasurer');
    const sponsor = { name: 'Jackson Community Fund', ein: '98-7654321' };
    await treasurer.ok('treasury.organisation.set', { ...ORG, taxStatus: 'other', fiscalSponsor: sponsor });
    const own = await giftAck(undefined, 'en');
    expect(own.statements.join(' ')).toContain(
      'Center for Community Production (EIN 12-3456789) is not a 501(c)(3) organization: this contribution is not deductible as a charitable contribution.',
    );
    const viaSponsor = await giftAck('Jackson Community Fund', 'en', '100.00');
    expect(viaSponsor.organisation).toBe('Jackson Community Fund');
    const text = viaSponsor.statements.join(' ');
    expect(text).toContain(
      'Jackson Community Fund (EIN 98-7654321), a tax-exempt organization under section 501(c)(3) of the Internal Revenue Code, is the fiscal sponsor of Center for Community Production and received this contribution.',
    );
    expect(text).toContain(
      'limited to the excess of the money contributed over the value of goods or services',
    );
    const es = await giftAck('Jackson Community Fund', 'es');
    expect(es.statements.join(' ')).toContain(
      'Jackson Community Fund (EIN 98-7654321), organización exenta de impuestos según la sección 501(c)(3) del Código de Rentas Internas, es el patrocinador fiscal de Center for Community Production y quien recibió esta contribución.',
    );
    expect(es.statements.join(' ')).toContain(
      'No se proporcionaron bienes ni servicios a cambio de esta contribución.',
    );

    await treasurer.ok('treasury.organisation.set', { ...ORG, taxStatus: '501c3' });
    const exempt = await giftAck(undefined, 'es');
    expect(exempt.statements.join(' ')).toContain(
      'Center for Community Production (EIN 12-3456789) es una organización exenta de impuestos según la sección 501(c)(3) del Código de Rentas Internas.',
    );
  });

  it('refuses a malformed EIN or an unknown time zone and changes nothing; a new zone moves the lab’s today', async () => {
    t = await startTestHost({ start: '2027-01-01T05:30:00.000Z' });
    treasurer = await t.as('treasurer');
    const badEin = await treasurer.call('treasury.organisation.set', { ...ORG, ein: '123456789' });
    expect(badEin.ok).toBe(false);
    if (!badEin.ok) expect(badEin.error.message).toContain('Give the EIN as NN-NNNNNNN.');
    const badZone = await treasurer.call('treasury.organisation.set', { ...ORG, timeZone: 'Mars/Olympus' });
    expect(badZone.ok).toBe(false);
    if (!badZone.ok)
      expect(badZone.error.message).toBe(
        'Mars/Olympus is not a time zone this computer knows; give one like America/Chicago.',
      );
    expect(await treasurer.ok('treasury.organisation.get', {})).toMatchObject({
      ein: null,
      timeZone: 'America/Chicago',
    });
    expect((await treasurer.ok('treasury.setup', {})).today).toBe('2026-12-31');
    await treasurer.ok('treasury.organisation.set', { ...ORG, timeZone: 'Europe/Madrid' });
    expect((await treasurer.ok('treasury.setup', {})).today).toBe('2027-01-01');
  });
});
