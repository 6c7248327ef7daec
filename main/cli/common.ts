import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

export type CliCommand = (args: string[], io: CliIo) => number | Promise<number>;

export const PRODUCT_NAME = 'Community Production Desk';

/**
 * Where the Desk keeps its data when no --data is given: the same folder Electron's `app.getPath('userData')`
 * uses, so the desktop app and the command line see the same records. CP_DESK_DATA overrides it.
 */
export function defaultDataDir(): string {
  const fromEnv = process.env.CP_DESK_DATA;
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

export interface ParsedCommand {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  dataDir: string;
}

/** parseArgs with --data and --help on every command; unknown flags throw a one-line message. */
export function parseCommandArgs(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  allowPositionals = false,
): ParsedCommand {
  const parsed = parseArgs({
    args,
    options: { ...options, data: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals,
    strict: true,
  });
  const values = parsed.values as ParsedCommand['values'];
  const dataDir = typeof values.data === 'string' ? resolve(values.data) : defaultDataDir();
  return { values, positionals: parsed.positionals, dataDir };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
