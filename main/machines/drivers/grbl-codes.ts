import errorTable from '../../../resources/grbl-error-codes.csv';
import alarmTable from '../../../resources/grbl-alarm-codes.csv';

export interface CodeText {
  code: number;
  name: string;
  description: string;
}

/** Reads our `code,name,description` tables; the description may contain commas, the first two fields do not. */
export function parseCodeTable(csv: string): ReadonlyMap<number, CodeText> {
  const table = new Map<number, CodeText>();
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const first = line.indexOf(',');
    const second = line.indexOf(',', first + 1);
    if (first < 0 || second < 0) continue;
    const code = Number(line.slice(0, first));
    if (!Number.isInteger(code)) continue;
    table.set(code, { code, name: line.slice(first + 1, second), description: line.slice(second + 1) });
  }
  return table;
}

const errors = parseCodeTable(errorTable);
const alarms = parseCodeTable(alarmTable);

/** A sentence for `error:N`, with a fallback that still names the code. */
export function grblErrorText(code: number): CodeText {
  return (
    errors.get(code) ?? { code, name: `Error ${code}`, description: `The controller reported error ${code}.` }
  );
}

export function grblAlarmText(code: number): CodeText {
  return (
    alarms.get(code) ?? { code, name: `Alarm ${code}`, description: `The controller raised alarm ${code}.` }
  );
}
