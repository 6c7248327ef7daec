// Import boundaries inside main (ARCHITECTURE.md, "three levels and no import upward"), kept in their own file so
// tests/unit/kernel/import-boundaries.test.ts can lint sample imports against exactly these rules.
//   kernel  — handler and call-context types, events, logger, errors, clock, lab time: imports the contract, and
//             the store's types only; never an area, the host or an entry point.
//   areas   — import the kernel, the store and each other's services; never the host or an entry point, never
//             another area's handlers.ts or demo.ts (those are the host's to wire), and training and jobs only
//             through their index.ts (what they offer other areas).
//   host, cli, electron, main/index.ts — the composition roots: the only code that knows every area.
/** The folders under main/ that hold one area each (the store counts as one: it sits below the areas but is no kernel). */
export const areas = [
  'people',
  'system',
  'training',
  'files',
  'machines',
  'jobs',
  'production',
  'treasury',
  'toolpaths',
  'store',
];
/** Areas that say what they offer others in an index.ts: everything else in them is internal. */
const indexed = ['training', 'jobs'];
const roots = ['host', 'cli', 'electron'];

const up = '^(\\.\\./)+';
const rule = '@typescript-eslint/no-restricted-imports';

const kernel = {
  files: ['main/kernel/**'],
  rules: {
    [rule]: [
      'error',
      {
        patterns: [
          {
            regex: `${up}(${[...areas.filter((a) => a !== 'store'), ...roots].join('|')})/`,
            message: 'The kernel sits below every area: it imports no area, no host and no entry point.',
          },
          {
            regex: `${up}index\\.js$`,
            message: 'The kernel sits below every area: it imports no entry point.',
          },
          {
            regex: `${up}store/`,
            allowTypeImports: true,
            message: 'The kernel may name the store’s types (import type), never run its code.',
          },
        ],
      },
    ],
  },
};

const areaBlocks = areas.map((area) => {
  const others = areas.filter((a) => a !== area);
  const closed = indexed.filter((a) => a !== area);
  return {
    files: [`main/${area}/**`],
    rules: {
      [rule]: [
        'error',
        {
          patterns: [
            {
              regex: `${up}(${roots.join('|')})/`,
              message:
                'Areas never import the host or an entry point: what every area needs is in main/kernel; the host wires the areas together.',
            },
            {
              regex: `${up}(${others.join('|')})/(handlers|demo)\\.js$`,
              message:
                'Another area’s handlers.ts and demo.ts are the host’s to wire: import that area’s services instead.',
            },
            ...(closed.length === 0
              ? []
              : [
                  {
                    regex: `${up}(${closed.join('|')})/(?!index\\.js$)`,
                    message: `${closed.join(' and ')} offer other areas only what their index.ts exports: import from there.`,
                  },
                ]),
          ],
        },
      ],
    },
  };
});

/**
 * Flat-config blocks; eslint.config.js spreads them in (after typescript-eslint's own, which registers the plugin),
 * the test lints sample imports against them.
 */
export const importBoundaries = [kernel, ...areaBlocks];
