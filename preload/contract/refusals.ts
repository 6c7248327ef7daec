/**
 * Refusals from main that carry a message key and parameters (in the error's `details.refusal`), so the renderer
 * says them in the person's language; main's English `message` stays for logs, the CLI and exports. Adding a key
 * here makes the renderer's Spanish and English tables (renderer/app/refusals.ts) fail to compile until both say it.
 */
export const refusalKeys = [
  'machine.retired',
  'machine.noFirmware',
  'machine.notConnected',
  'machine.streaming',
  'machine.homeFirst',
  'machine.busyDisconnect',
  'machine.stillHolding',
  'job.machineDown',
  'job.machineBusy',
  'job.bedClear',
  'job.stockClear',
] as const;

export type RefusalKey = (typeof refusalKeys)[number];
export type RefusalParams = Record<string, string | number>;

/** What `details.refusal` holds. */
export interface Refusal {
  key: RefusalKey;
  params: RefusalParams;
}

/** The refusal inside an error's details, if it is one the renderer knows. */
export function refusalOf(details: Record<string, unknown> | undefined): Refusal | null {
  const r = details?.refusal;
  if (typeof r !== 'object' || r === null) return null;
  const { key, params } = r as { key?: unknown; params?: unknown };
  if (typeof key !== 'string' || !(refusalKeys as readonly string[]).includes(key)) return null;
  const safe: RefusalParams = {};
  if (typeof params === 'object' && params !== null)
    for (const [k, v] of Object.entries(params))
      if (typeof v === 'string' || typeof v === 'number') safe[k] = v;
  return { key: key as RefusalKey, params: safe };
}
