import type { FileSummary } from '../../../preload/contract/methods/files.js';
import type { LibraryT } from './api.js';
import { formatDuration, formatSize } from './format.js';

/** The few numbers that matter in a list row or a detail header. */
export function FileFacts({ summary, t }: { summary: FileSummary; t: LibraryT }) {
  const facts: string[] = [];
  const size = formatSize(summary);
  if (size !== null) facts.push(size);
  if (summary.format === 'gcode') {
    if (summary.layers > 0)
      facts.push(t(summary.layers === 1 ? 'library.layer' : 'library.layers', { count: summary.layers }));
    if (summary.estimatedSeconds !== null)
      facts.push(t('library.time', { time: formatDuration(summary.estimatedSeconds) }));
    if (summary.filamentGrams !== null) facts.push(t('library.filament', { grams: summary.filamentGrams }));
  } else if (summary.format === 'sbp') {
    facts.push(
      summary.unitsSource === 'assumed'
        ? t('library.sbp.unitsAssumed')
        : t(`library.sbp.units.${summary.units}`),
    );
    if (summary.estimatedSeconds !== null)
      facts.push(t('library.time', { time: formatDuration(summary.estimatedSeconds) }));
    if (summary.toolChanges.length > 0)
      facts.push(t('library.sbp.toolChanges', { count: summary.toolChanges.length }));
  } else {
    facts.push(t('library.triangles', { count: summary.triangles.toLocaleString() }));
    facts.push(t(summary.watertight ? 'library.watertight' : 'library.notWatertight'));
  }
  return <span className="file-facts">{facts.join(' · ')}</span>;
}
