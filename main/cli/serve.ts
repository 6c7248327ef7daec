import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createHost } from '../host/create-host.js';
import { DEMO_PASSWORD, demoPeople } from '../host/demo.js';
import { startWebHost } from '../host/web.js';
import { APP_VERSION } from '../version.js';
import { errorMessage, parseCommandArgs, type CliIo } from './common.js';

export const usage = `cp-desk serve [--port N] [--data DIR] [--demo] [--public-url URL]
  Serves the Desk to a browser on this computer (127.0.0.1) and prints the address to open.
  --port N           port to listen on (default 5780; 0 picks a free one)
  --demo             seed a demo lab into an empty data directory
  --public-url URL   the address others reach this Desk at (a proxy in front of it), written into Open Badges
                     so another lab can verify them; default: the address printed`;

/** An http(s) origin with no path, query or credentials, or a sentence saying what is wrong with it. */
export function publicOriginOf(value: string): string | { error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `--public-url must be a web address such as https://lab.example.org, not "${value}".` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { error: `--public-url must start with http:// or https://, not "${url.protocol}".` };
  if (
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.pathname !== '/'
  )
    return {
      error: `--public-url is the address alone (https://lab.example.org), with no path, query or login.`,
    };
  return url.origin;
}

/** The built renderer sits beside the bundled CLI (dist/main/cli.js → dist/renderer). */
function rendererDir(): string {
  return process.env.CP_DESK_RENDERER ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, dataDir } = parseCommandArgs(args, {
    port: { type: 'string' },
    demo: { type: 'boolean' },
    'public-url': { type: 'string' },
  });
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const port = values.port === undefined ? 5780 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`--port must be a whole number from 0 to 65535, not "${String(values.port)}".`);
    return 2;
  }
  const publicUrl = values['public-url'];
  const publicOrigin = typeof publicUrl === 'string' ? publicOriginOf(publicUrl) : undefined;
  if (typeof publicOrigin === 'object') {
    io.err(publicOrigin.error);
    return 2;
  }
  let host;
  try {
    host = createHost({ dataDir, kind: 'web', version: APP_VERSION, demo: values.demo === true });
  } catch (error) {
    io.err(`Cannot open the data in ${dataDir}: ${errorMessage(error)}`);
    return 1;
  }
  let web;
  try {
    web = await startWebHost({
      host,
      rendererDir: rendererDir(),
      port,
      ...(publicOrigin === undefined ? {} : { publicOrigin }),
    });
  } catch (error) {
    await host.close();
    io.err(`Cannot listen on port ${port}: ${errorMessage(error)}`);
    return 1;
  }
  // The first line is the address: scripts and tests read it.
  io.out(`Community Production Desk is running at ${web.url}`);
  io.out(`Data: ${dataDir}`);
  if (values.demo === true) {
    io.out(`Demo logins (password ${DEMO_PASSWORD}): ${demoPeople.map((p) => p.username).join(', ')}`);
  }
  io.out('Press Ctrl+C to stop.');

  return new Promise<number>((resolveExit) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      io.out(`Stopping (${signal})…`);
      void (async () => {
        await web.close();
        await host.close();
        io.out('Stopped cleanly.');
        resolveExit(0);
      })();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
