import type { CourseProgress } from '../../../preload/contract/methods/training.js';
import { useT } from './api.js';

/** "N of M modules accepted", never a bare percentage, with each module's standing underneath. */
export function Progress({ progress }: { progress: CourseProgress }) {
  const t = useT();
  return (
    <section className="training-progress" aria-label={progress.courseTitle}>
      <h3>{progress.courseTitle}</h3>
      <p className="training-progress-count">
        <strong>{t('training.progress', { accepted: progress.accepted, total: progress.total })}</strong>
        {' · '}
        {t('training.progress.final', { status: t(`training.module.${progress.finalProject}`) })}
        {progress.diplomaReady && <> · {t('training.progress.diploma')}</>}
      </p>
      <meter min={0} max={progress.total} value={progress.accepted} aria-hidden="true" />
      <ol className="training-modules">
        {progress.modules.map((m) => (
          <li key={m.moduleId} className={`module-${m.status}`}>
            {m.title} — <span className="muted">{t(`training.module.${m.status}`)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
