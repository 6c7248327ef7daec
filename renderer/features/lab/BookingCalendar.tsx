import { useState, type KeyboardEvent } from 'react';
import type { Machine } from '../../../preload/contract/index.js';
import type { LabBooking } from '../../../preload/contract/methods/lab.js';
import { hostNow, useDeskEvent, useDeskQuery } from '../../api/index.js';
import { useT as useMachinesT } from '../machines/api.js';
import { labErrorText, useLabMutation, useLanguage, useT } from './api.js';
import { HoursAndBlackoutForms } from './StaffForms.js';
import { addDays, labDateOf, labInstant, labWallOf, mondayOf } from './lab-time.js';

const STEP = 30;

interface Slot {
  date: string;
  time: string;
  start: Date;
  end: Date;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}
const hhmm = (n: number) =>
  `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;

/**
 * A machine's bookings as a week or a day of half-hour slots within opening hours. Every slot is a button in a
 * grid: Tab reaches the grid, the arrow keys move between slots, Enter picks one. A free slot opens the booking
 * form; your own booking can be cancelled from it. Others' bookings show as taken (staff see whose).
 */
export function BookingCalendar({ machine }: { machine: Machine }) {
  const t = useT();
  const tm = useMachinesT();
  const language = useLanguage();
  const [view, setView] = useState<'week' | 'day'>('week');
  const [anchor, setAnchor] = useState(() => labDateOf(hostNow()));
  const [picked, setPicked] = useState<Slot | null>(null);
  const [length, setLength] = useState(60);
  const [purpose, setPurpose] = useState('');
  const [override, setOverride] = useState('');
  const days = view === 'week' ? [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(mondayOf(anchor), i)) : [anchor];
  const from = labInstant(days[0]!, '00:00').toISOString();
  const to = labInstant(addDays(days.at(-1)!, 1), '00:00').toISOString();
  const list = useDeskQuery('lab.bookings.list', { machineId: machine.id, from, to }, { keepPrevious: true });
  const access = useDeskQuery('machines.access', { id: machine.id });
  useDeskEvent('changed', (p) => {
    if (p.entity === 'booking') void list.refetch();
  });
  const book = useLabMutation('lab.bookings.book');
  const cancel = useLabMutation('lab.bookings.cancel');
  const ics = useLabMutation('lab.bookings.ics');
  const hours = list.data?.hours ?? [];
  const open = hours.length === 0 ? 0 : Math.min(...hours.map((h) => minutes(h.opens)));
  const close = hours.length === 0 ? 0 : Math.max(...hours.map((h) => minutes(h.closes)));
  const rows: number[] = [];
  for (let m = open; m < close; m += STEP) rows.push(m);
  const openAt = (date: string, m: number) => {
    const h = hours.find((x) => x.weekday === new Date(`${date}T12:00:00Z`).getUTCDay());
    return h !== undefined && m >= minutes(h.opens) && m + STEP <= minutes(h.closes);
  };
  // The one slot in the tab order: the first open one, by day then time (the arrows reach the rest).
  let first: [number, number] | null = null;
  for (let c = 0; c < days.length && first === null; c++)
    for (let r = 0; r < rows.length && first === null; r++) if (openAt(days[c]!, rows[r]!)) first = [r, c];
  const dayLabel = (date: string) =>
    new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(new Date(`${date}T12:00:00Z`));
  const bookingAt = (start: Date, end: Date): LabBooking | undefined =>
    list.data?.bookings.find(
      (b) =>
        (b.status === 'booked' || b.status === 'used') &&
        Date.parse(b.startsAt) < end.getTime() &&
        start.getTime() < Date.parse(b.endsAt),
    );
  const blackoutAt = (start: Date, end: Date) =>
    list.data?.blackouts.find(
      (b) => Date.parse(b.startsAt) < end.getTime() && start.getTime() < Date.parse(b.endsAt),
    );
  const pickedBooking = picked === null ? undefined : bookingAt(picked.start, picked.end);
  const error = book.error ?? cancel.error;
  const move = (e: KeyboardEvent<HTMLTableElement>) => {
    const target = e.target as HTMLElement;
    const r = Number(target.dataset.row);
    const c = Number(target.dataset.col);
    if (Number.isNaN(r) || Number.isNaN(c)) return;
    const next = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
    }[e.key];
    if (next === undefined) return;
    const cell = e.currentTarget.querySelector<HTMLElement>(`[data-row="${next[0]}"][data-col="${next[1]}"]`);
    if (cell !== null) {
      e.preventDefault();
      cell.focus();
    }
  };
  return (
    <section aria-labelledby={`lab-bookings-${machine.id}`} className="lab-bookings">
      <h3 id={`lab-bookings-${machine.id}`}>{t('lab.book.title', { machine: machine.name })}</h3>
      <div className="machines-buttons">
        <button type="button" aria-pressed={view === 'week'} onClick={() => setView('week')}>
          {t('lab.book.week')}
        </button>
        <button type="button" aria-pressed={view === 'day'} onClick={() => setView('day')}>
          {t('lab.book.day')}
        </button>
        <button type="button" onClick={() => setAnchor(addDays(anchor, view === 'week' ? -7 : -1))}>
          {t('lab.book.previous')}
        </button>
        <button type="button" onClick={() => setAnchor(labDateOf(hostNow()))}>
          {t('lab.book.today')}
        </button>
        <button type="button" onClick={() => setAnchor(addDays(anchor, view === 'week' ? 7 : 1))}>
          {t('lab.book.next')}
        </button>
        <button
          type="button"
          onClick={() =>
            ics.mutate(
              {},
              {
                onSuccess: ({ fileName, text }) => {
                  const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar' }));
                  const a = document.createElement('a');
                  a.href = url;
                  a.download = fileName;
                  a.click();
                  URL.revokeObjectURL(url);
                },
              },
            )
          }
        >
          {t('lab.book.ics')}
        </button>
      </div>
      <p className="hint">{t('lab.book.keys')}</p>
      <table onKeyDown={move} aria-label={t('lab.book.grid', { machine: machine.name })}>
        <thead>
          <tr>
            <th scope="col">{t('lab.book.time')}</th>
            {days.map((d) => (
              <th key={d} scope="col">
                {dayLabel(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((m, r) => (
            <tr key={m}>
              <th scope="row">{hhmm(m)}</th>
              {days.map((date, c) => {
                const time = hhmm(m);
                if (!openAt(date, m)) return <td key={date}>{t('lab.book.closed')}</td>;
                const start = labInstant(date, time);
                const end = new Date(start.getTime() + STEP * 60_000);
                const taken = bookingAt(start, end);
                const blocked = blackoutAt(start, end);
                const state =
                  blocked !== undefined
                    ? t('lab.book.blocked', { reason: blocked.reason })
                    : taken === undefined
                      ? t('lab.book.free')
                      : taken.mine
                        ? t('lab.book.yours')
                        : taken.personName !== null
                          ? t('lab.book.takenBy', { name: taken.personName })
                          : t('lab.book.taken');
                return (
                  <td key={date}>
                    <button
                      type="button"
                      data-row={r}
                      data-col={c}
                      tabIndex={first !== null && first[0] === r && first[1] === c ? 0 : -1}
                      aria-label={`${dayLabel(date)} ${time}: ${state}`}
                      aria-pressed={picked?.date === date && picked.time === time}
                      className={
                        taken === undefined
                          ? 'lab-slot-free'
                          : taken.mine
                            ? 'lab-slot-mine'
                            : 'lab-slot-taken'
                      }
                      onClick={() => setPicked({ date, time, start, end })}
                    >
                      {state}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {picked !== null && pickedBooking?.mine === true && (
        <form
          aria-label={t('lab.book.cancelForm')}
          onSubmit={(e) => {
            e.preventDefault();
            cancel.mutate({
              id: pickedBooking.id,
              reason: purpose.trim() === '' ? t('lab.book.noReason') : purpose,
            });
          }}
        >
          <p>
            {t('lab.book.yourBooking', {
              from: labWallOf(pickedBooking.startsAt).time,
              to: labWallOf(pickedBooking.endsAt).time,
            })}
          </p>
          <label>
            {t('lab.book.cancelReason')}{' '}
            <input value={purpose} onChange={(e) => setPurpose(e.target.value)} />
          </label>
          <button type="submit">{t('lab.book.cancel')}</button>
        </form>
      )}
      {picked !== null && pickedBooking === undefined && (
        <form
          aria-label={t('lab.book.form')}
          onSubmit={(e) => {
            e.preventDefault();
            book.mutate(
              {
                machineId: machine.id,
                startsAt: picked.start.toISOString(),
                endsAt: new Date(picked.start.getTime() + length * 60_000).toISOString(),
                ...(purpose.trim() === '' ? {} : { purpose }),
                ...(override.trim() === '' ? {} : { overrideReason: override }),
              },
              { onSuccess: () => setPicked(null) },
            );
          }}
        >
          <p>{t('lab.book.from', { day: dayLabel(picked.date), time: picked.time })}</p>
          <label>
            {t('lab.book.length')}{' '}
            <select value={length} onChange={(e) => setLength(Number(e.target.value))}>
              {[30, 60, 90, 120, 180, 240].map((n) => (
                <option key={n} value={n}>
                  {t('lab.book.minutes', { n })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('lab.book.purpose')} <input value={purpose} onChange={(e) => setPurpose(e.target.value)} />
          </label>
          {access.data?.mayOverride === true && (
            <label>
              {t('lab.session.override')}{' '}
              <input value={override} onChange={(e) => setOverride(e.target.value)} />
            </label>
          )}
          <button type="submit">{t('lab.book.book', { machine: machine.name })}</button>
        </form>
      )}
      {error !== null && <p role="alert">{labErrorText(t, tm, error)}</p>}
      <HoursAndBlackoutForms machine={machine} />
    </section>
  );
}
