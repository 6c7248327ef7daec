// Types for scripts/preload-build.mjs (plain JavaScript, run by scripts/build.mjs).
import type { BuildOptions } from 'esbuild';

export function contractNames(): Promise<{ methods: string[]; events: string[] }>;
export function preloadBuildOptions(): Promise<BuildOptions>;
