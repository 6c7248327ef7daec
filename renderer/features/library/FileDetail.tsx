import { useState } from 'react';
import type { LibraryFile } from '../../../preload/contract/methods/files.js';
import type { WorkArea } from '../../viewer/fit-check.js';
import { useDialogs } from '../../app/dialogs.js';
import { errorText, useLibraryMutation, useT } from './api.js';
import { FileFacts } from './FileFacts.js';
import { FilePreview } from './FilePreview.js';
import { formatLength } from './format.js';
import { libraryMessages } from './messages.js';
import type { LibraryMessageKey, LibraryT } from './api.js';

/** A part-file note in the person's language (by its code), or main's English sentence for a code it does not know. */
function noteText(
  t: LibraryT,
  note: { code: string; params: Record<string, string | number>; message: string },
) {
  const key = `library.sbp.note.${note.code}`;
  return key in libraryMessages.en ? t(key as LibraryMessageKey, note.params) : note.message;
}
import { QueueFile } from '../jobs/QueueFile.js';
import { useLiveJob } from '../jobs/api.js';
import { CurrentLine } from '../machines/RunningJob.js';
import { PositionMarker } from '../../viewer/PositionMarker.js';

/** One file: the preview on the chosen machine, what the parser found, and (for its owner or staff) notes, tags, sharing. */
export function FileDetail({
  file,
  areas,
  onBack,
}: {
  file: LibraryFile;
  areas: WorkArea[];
  onBack: () => void;
}) {
  const t = useT();
  const dialogs = useDialogs();
  const [areaName, setAreaName] = useState(areas[0]?.name ?? '');
  const area = areas.find((a) => a.name === areaName) ?? areas[0]!;
  // Once a copy of this file runs on a machine, the preview follows that machine and greys what is done.
  const [watching, setWatching] = useState<number | null>(null);
  const live = useLiveJob(watching);
  const doneLine =
    live === null ? null : live.state === 'completed' ? Number.MAX_SAFE_INTEGER - 1 : live.ackedLine;
  const b = file.summary.bounds;
  const markerRadius = Math.max(
    0.8,
    (b === null ? 100 : Math.max(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2])) / 60,
  );
  const watch = (machineId: number, machineName: string) => {
    setWatching(machineId);
    if (areas.some((a) => a.name === machineName)) setAreaName(machineName);
  };
  const [notes, setNotes] = useState(file.notes);
  const [tags, setTags] = useState(file.tags.join(', '));
  const update = useLibraryMutation('files.update');
  const share = useLibraryMutation('files.share');
  const remove = useLibraryMutation('files.remove');
  const failure = update.error ?? share.error ?? remove.error;

  return (
    <section className="file-detail" aria-label={file.name}>
      <button type="button" onClick={onBack}>
        {t('library.back')}
      </button>
      <h2>{file.name}</h2>
      <p>
        <FileFacts summary={file.summary} t={t} /> · {t('library.owner', { name: file.ownerName })}
      </p>
      <label>
        {t('library.viewer.machine')}{' '}
        <select value={area.name} onChange={(e) => setAreaName(e.target.value)}>
          {areas.map((a) => (
            <option key={a.name} value={a.name}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <QueueFile
        file={file}
        onWatch={watch}
        onPick={(name) => {
          if (areas.some((a) => a.name === name)) setAreaName(name);
        }}
      />
      <FilePreview
        file={file}
        area={area}
        doneLine={file.kind === 'gcode' ? doneLine : null}
        {...(live !== null && live.state !== 'completed' && file.kind === 'gcode'
          ? {
              overlay: (asset) => (
                <PositionMarker asset={asset} doneLine={live.ackedLine} radius={markerRadius} />
              ),
            }
          : {})}
      />
      {live !== null && file.kind === 'gcode' && <CurrentLine job={live} />}
      {file.summary.warnings.length > 0 && (
        <div className="file-warnings">
          <h3>{t('library.warnings')}</h3>
          <ul>
            {file.summary.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {file.summary.format === 'sbp' && (
        <div className="file-warnings">
          <p>{t('library.sbp.runsElsewhere')}</p>
          <p>
            {t('library.sbp.cut', {
              length: formatLength(file.summary.workingMm),
              jog: formatLength(file.summary.travelMm),
            })}
          </p>
          {file.summary.notes.length > 0 && (
            <>
              <h3>{t('library.sbp.notes')}</h3>
              <ul>
                {file.summary.notes.map((n) => (
                  <li key={`${n.line}:${n.message}`}>
                    {t('library.sbp.line', { line: n.line, message: noteText(t, n) })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {file.canEdit && (
        <form
          className="file-edit"
          onSubmit={(e) => {
            e.preventDefault();
            const list = tags
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== '');
            update.mutate({ id: file.id, notes, tags: list });
          }}
        >
          <label>
            {t('library.notes')}
            <textarea value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} />
          </label>
          <label>
            {t('library.tags')}
            <input value={tags} onChange={(e) => setTags(e.target.value)} />
          </label>
          <button type="submit" disabled={update.isPending}>
            {t('library.save')}
          </button>
          <label>
            <input
              type="checkbox"
              checked={file.sharedWithAll}
              onChange={(e) =>
                share.mutate({ id: file.id, withAll: e.target.checked, personIds: file.sharedWith })
              }
            />
            {t('library.shareAll')}
          </label>
          <button
            type="button"
            className="danger"
            onClick={() => {
              void dialogs
                .confirm({
                  title: t('library.removeConfirm', { name: file.name }),
                  confirmLabel: t('library.remove'),
                  danger: true,
                })
                .then((yes) => {
                  if (yes) remove.mutate({ id: file.id }, { onSuccess: onBack });
                });
            }}
          >
            {t('library.remove')}
          </button>
        </form>
      )}
      {failure !== null && <p role="alert">{errorText(failure)}</p>}
    </section>
  );
}
