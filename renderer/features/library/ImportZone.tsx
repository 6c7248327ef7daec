import { useRef, useState, type DragEvent } from 'react';
import { call, errorText, useT } from './api.js';
import { formatBytes } from './format.js';
import { ACCEPTED, accepted, MAX_UPLOAD_BYTES, sendUpload } from './upload.js';
import { useQueryClient } from '@tanstack/react-query';

/** Drag-and-drop or a file picker; files go to main one by one and are parsed there before they are stored. */
export function ImportZone() {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const client = useQueryClient();
  const [messages, setMessages] = useState<{ text: string; error: boolean }[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  /** Percent of the current file sent, while its bytes are on the way (null once main is parsing it). */
  const [sent, setSent] = useState<number | null>(null);
  const [over, setOver] = useState(false);

  async function importFiles(files: readonly File[]) {
    const said: { text: string; error: boolean }[] = [];
    for (const file of files) {
      if (!accepted(file.name)) {
        said.push({ text: t('library.notAccepted', { name: file.name }), error: true });
        continue;
      }
      if (file.size > MAX_UPLOAD_BYTES) {
        said.push({
          text: t('library.tooLargeUpload', { name: file.name, max: formatBytes(MAX_UPLOAD_BYTES) }),
          error: true,
        });
        continue;
      }
      setBusy(file.name);
      try {
        setSent(0);
        const uploadId = await sendUpload(file, (done, total) =>
          setSent(total > 0 ? Math.floor((done / total) * 100) : 0),
        );
        setSent(null);
        await call('files.import', { name: file.name, uploadId, tags: [] });
        said.push({ text: t('library.added', { name: file.name }), error: false });
      } catch (error) {
        said.push({ text: errorText(error), error: true });
      }
      setSent(null);
    }
    setBusy(null);
    setMessages(said);
    await client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('files.') });
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void importFiles([...e.dataTransfer.files]);
  };

  return (
    <div
      className={over ? 'import-zone over' : 'import-zone'}
      data-testid="import-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <span>{t('library.drop')} </span>
      <button type="button" onClick={() => input.current?.click()} disabled={busy !== null}>
        {t('library.choose')}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={ACCEPTED.join(',')}
        data-testid="import-input"
        onChange={(e) => {
          void importFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {busy !== null && (
        <p role="status">
          {sent === null
            ? t('library.uploading', { name: busy })
            : t('library.sending', { name: busy, percent: sent })}
        </p>
      )}
      <ul className="import-messages">
        {messages.map((m) => (
          <li key={m.text} role={m.error ? 'alert' : 'status'}>
            {m.text}
          </li>
        ))}
      </ul>
    </div>
  );
}
