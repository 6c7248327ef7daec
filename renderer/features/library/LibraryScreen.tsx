import { useState } from 'react';
import type { LibraryFile } from '../../../preload/contract/methods/files.js';
import { errorText, useBlobUrl, useLibraryQuery, useT } from './api.js';
import { FileDetail } from './FileDetail.js';
import { FileFacts } from './FileFacts.js';
import { ImportZone } from './ImportZone.js';
import { useWorkAreas } from './work-areas.js';
import { MillBoard } from '../toolpaths/MillBoard.js';
import { useT as useToolpathsT } from '../toolpaths/api.js';

type Kind = 'all' | 'gcode' | 'sbp' | 'model';
type Scope = 'visible' | 'mine' | 'shared';

/** The library: import, search and filter, a list with thumbnails, and a file's preview and details. */
export function LibraryScreen() {
  const t = useT();
  const areas = useWorkAreas();
  const blobUrl = useBlobUrl();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<Kind>('all');
  const [scope, setScope] = useState<Scope>('visible');
  const [tag, setTag] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [milling, setMilling] = useState(false);
  const tt = useToolpathsT();
  const files = useLibraryQuery('files.list', {
    scope,
    ...(search.trim() === '' ? {} : { search: search.trim() }),
    ...(kind === 'all' ? {} : { kind }),
    ...(tag === '' ? {} : { tag }),
  });
  const tags = useLibraryQuery('files.tags', {});
  const chosen: LibraryFile | undefined = files.data?.find((f) => f.id === selected);

  if (milling) return <MillBoard onBack={() => setMilling(false)} />;
  if (chosen !== undefined)
    return <FileDetail key={chosen.id} file={chosen} areas={areas} onBack={() => setSelected(null)} />;

  const filtering = search !== '' || kind !== 'all' || tag !== '' || scope !== 'visible';
  return (
    <section className="library">
      <h1>{t('library.title')}</h1>
      <ImportZone />
      <button type="button" onClick={() => setMilling(true)}>
        {tt('toolpaths.open')}
      </button>
      <div className="library-filters" role="search">
        <label>
          {t('library.search')}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          {t('library.filter.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="all">{t('library.kind.all')}</option>
            <option value="gcode">{t('library.kind.gcode')}</option>
            <option value="sbp">{t('library.kind.sbp')}</option>
            <option value="model">{t('library.kind.model')}</option>
          </select>
        </label>
        <label>
          {t('library.filter.scope')}
          <select value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
            <option value="visible">{t('library.scope.visible')}</option>
            <option value="mine">{t('library.scope.mine')}</option>
            <option value="shared">{t('library.scope.shared')}</option>
          </select>
        </label>
        <label>
          {t('library.filter.tag')}
          <select value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">{t('library.tag.all')}</option>
            {(tags.data ?? []).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {files.error !== null && <p role="alert">{errorText(files.error)}</p>}
      {files.data?.length === 0 && <p>{t(filtering ? 'library.noMatch' : 'library.empty')}</p>}
      <ul className="file-list">
        {(files.data ?? []).map((file) => (
          <li key={file.id}>
            <button type="button" className="file-row" onClick={() => setSelected(file.id)}>
              {file.thumbnailPath === null || blobUrl === null ? (
                <span className={`file-icon kind-${file.kind}`} aria-hidden>
                  {file.kind.toUpperCase()}
                </span>
              ) : (
                <img src={blobUrl(file.thumbnailPath)} alt="" width={64} height={64} loading="lazy" />
              )}
              <span className="file-name">{file.name}</span>
              <FileFacts summary={file.summary} t={t} />
              <span className="file-owner">{t('library.owner', { name: file.ownerName })}</span>
              {file.tags.length > 0 && <span className="file-tags">{file.tags.join(', ')}</span>}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
