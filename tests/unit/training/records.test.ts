import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { startTestHost, type TestHost } from '../../helpers/temp-host.js';
import { checkAuthorization } from '../../../main/training/authorize-service.js';
import { matching, including, rowCount, trainingLab, type TrainingLab } from './helpers.js';

describe('training records: sessions, privacy, refusals, documents', () => {
  let t: TestHost;
  let lab: TrainingLab;
  let def: number;
  beforeEach(async () => {
    t = await startTestHost();
    lab = await trainingLab(t);
    def = await lab.define('LASER-1', { needsPractical: true, validity: { kind: 'days', days: 365 } });
  });
  afterEach(async () => {
    await t.close();
  });

  it('an instructor schedules a session, trainees register up to capacity, attendance marks it held', async () => {
    const session = await lab.instructor.ok('training.sessions.create', {
      definitionId: def,
      startsAt: '2026-11-25T15:00:00.000Z',
      endsAt: '2026-11-25T17:00:00.000Z',
      capacity: 2,
      minAttendees: 1,
      location: 'Laser room',
    });
    const second = await t.as('trainee');
    const third = await t.as('trainee');
    await lab.trainee.ok('training.sessions.register', { sessionId: session.id });
    await second.ok('training.sessions.register', { sessionId: session.id });
    const full = await third.call('training.sessions.register', { sessionId: session.id });
    expect(full).toMatchObject({
      ok: false,
      error: { code: 'RULE_VIOLATION', message: 'This session is full (2 places).' },
    });
    const seen = await lab.trainee.ok('training.sessions.list', {});
    expect(seen[0]).toMatchObject({
      taken: 2,
      attendees: [{ personId: lab.trainee.personId, status: 'registered' }],
    });
    await lab.travel('2026-11-25T17:05:00.000Z');
    const held = await lab.instructor.ok('training.sessions.recordAttendance', {
      sessionId: session.id,
      attendance: [
        { personId: lab.trainee.personId, status: 'attended' },
        { personId: second.personId, status: 'absent' },
      ],
    });
    expect(held.status).toBe('held');
    expect(held.attendees.map((a) => a.status).sort()).toEqual(['absent', 'attended']);
  });

  it('trainees read only their own records', async () => {
    const peer = await t.as('trainee');
    for (const [method, input] of [
      ['training.transcript', { personId: peer.personId }],
      ['training.authorizations.list', { personId: peer.personId }],
      ['training.sessions.register', { sessionId: 1, personId: peer.personId }],
    ] as const) {
      const result = await lab.trainee.raw(method, input);
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    }
    expect(await lab.trainee.call('training.matrix', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
    const a = await lab.instructor.ok('training.authorizations.signOff', {
      personId: peer.personId,
      definitionId: def,
    });
    expect(
      await lab.trainee.call('training.badge', {
        authorizationId: a.id,
        recipientUrl: 'https://example.org/',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_AUTHORIZED' },
    });
    expect(await lab.instructor.ok('training.transcript', { personId: peer.personId })).toMatchObject({
      person: { id: peer.personId },
    });
  });

  it('every refusal is logged with its reasons; an allowed check writes nothing', async () => {
    const laser = { id: 5, kind: 'laser', status: 'available' as const };
    const deps = { store: t.host.store, log: t.log, findMachine: () => laser };
    const before = rowCount(t, 'audit_log');
    const refused = checkAuthorization(deps, {
      personId: lab.trainee.personId,
      machineId: 5,
      askedBy: lab.instructor.personId,
    });
    expect(refused).toMatchObject({ allowed: false, reasons: ['no_training'] });
    const row = t.host.store.db
      .prepare(`SELECT * FROM audit_log WHERE entity = 'training_refusal' ORDER BY id DESC`)
      .get() as {
      entity_id: string;
      actor_id: number;
      after_json: string;
    };
    expect(row).toMatchObject({ entity_id: String(lab.trainee.personId), actor_id: lab.instructor.personId });
    expect(JSON.parse(row.after_json)).toMatchObject({ machineId: 5, reasons: ['no_training'] });
    expect(t.log.lines.some((l) => l.includes('refused person') && l.includes('no_training'))).toBe(true);
    await lab.instructor.ok('training.authorizations.signOff', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    const counted = rowCount(t, 'audit_log');
    expect(
      checkAuthorization(deps, { personId: lab.trainee.personId, machineId: 5, askedBy: null }).allowed,
    ).toBe(true);
    expect(rowCount(t, 'audit_log')).toBe(counted);
    expect(counted).toBeGreaterThan(before + 1);
  });

  it('training.authorize answers about a registered machine, and retiring the machine refuses with machine_down', async () => {
    const laser = await t.admin.ok('machines.create', {
      name: 'Laser cutter',
      kind: 'laser',
      firmware: 'grbl',
      connection: { type: 'simulated' },
    });
    expect(await lab.trainee.ok('training.authorize', { machineId: laser.id })).toMatchObject({
      allowed: false,
      reasons: ['no_training'],
      requires: [def],
    });
    await lab.instructor.ok('training.authorizations.signOff', {
      personId: lab.trainee.personId,
      definitionId: def,
    });
    expect(await lab.trainee.ok('training.authorize', { machineId: laser.id })).toEqual({
      allowed: true,
      reasons: [],
      requires: [def],
    });
    await t.admin.ok('machines.retire', { id: laser.id, reason: 'tube cracked' });
    const asked = await lab.instructor.ok('training.authorize', {
      machineId: laser.id,
      personId: lab.trainee.personId,
    });
    expect(asked).toMatchObject({ allowed: false, reasons: ['machine_down'] });
    const refusals = t.host.store.db
      .prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'training_refusal'`)
      .get() as { n: number };
    expect(refusals.n).toBe(2);
  });

  it('the contract method refuses an unknown machine with a sentence', async () => {
    const result = await lab.trainee.call('training.authorize', { machineId: 4242 });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Machine 4242 does not exist.' },
    });
  });

  it('exports an Open Badges 2.0 assertion and a certificate PDF for a credential', async () => {
    const a = await lab.instructor.ok('training.authorizations.signOff', {
      personId: lab.trainee.personId,
      definitionId: def,
      evidence: [{ kind: 'link', url: 'https://fabacademy.org/2026/week3.html', label: 'Press-fit kit' }],
    });
    // The badge is verified at the Desk's web address: as the web host does when it starts, name that address.
    t.host.context.blobs.publicOrigin = 'http://desk.test:5780';
    const page = 'https://fabacademy.org/2026/labs/jackson/students/trainee/';
    const badge = await lab.trainee.ok('training.badge', { authorizationId: a.id, recipientUrl: page });
    expect(badge).toMatchObject({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: matching(/^http:\/\/desk\.test:5780\/public\/training\/assertions\/[0-9a-f]{32}\.json$/),
      issuedOn: a.grantedAt,
      expires: '2027-11-24T15:00:00.000Z',
      recipient: { type: 'url', hashed: true, identity: matching(/^sha256\$[0-9a-f]{64}$/) },
      badge: 'http://desk.test:5780/public/training/badges/LASER-1/v1.json',
      evidence: including([
        { type: 'Evidence', narrative: 'Press-fit kit', id: 'https://fabacademy.org/2026/week3.html' },
      ]),
      verification: { type: 'hosted' },
    });
    expect(await lab.trainee.ok('training.badge', { authorizationId: a.id, recipientUrl: page })).toEqual(
      badge,
    );

    const who = lab.trainee.conn.auth!;
    const blob = await t.host.context.blobs.open(`training/certificate/${a.id}.pdf`, who);
    expect(blob).toMatchObject({ contentType: 'application/pdf', fileName: 'certificate-1.pdf' });
    const bytes = blob!.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
    const stranger = await t.as('trainee');
    expect(
      await t.host.context.blobs.open(`training/certificate/${a.id}.pdf`, stranger.conn.auth),
    ).toBeNull();
  });
});
