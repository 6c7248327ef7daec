// Types for scripts/check-packaging.mjs (plain JavaScript so electron-builder can load it as a hook).

export const OLDEST_SUPPORTED_ELECTRON: number;
export const REQUIRED_FUSES: Readonly<Record<string, boolean>>;

export interface PackagingFiles {
  builderConfig: string;
  npmrc: string | null;
  packageJson: string;
}

export function packagingProblems(
  input: PackagingFiles & { env?: Readonly<Record<string, string | undefined>> },
): string[];
export function projectFiles(dir?: string): PackagingFiles;
export function beforeBuild(): true;
