import { useDeskQuery } from '../api/index.js';
import { useLanguage } from './i18n.js';

/** The credit the mods project's terms ask for ("must acknowledge the mods project"), in the app and the README. */
export const MODS_CREDIT =
  'Toolpath reference outputs generated with mods (Neil Gershenfeld, MIT Center for Bits and Atoms; community edition github.com/fabfoundation/mods).';

const words = {
  en: {
    title: 'About',
    version: 'Version {version}',
    mods: 'The PCB milling and vinyl cutting paths are our own code, measured against mods, which Fab Academy trainees learn with:',
  },
  es: {
    title: 'Acerca de',
    version: 'Versión {version}',
    mods: 'Las trayectorias de fresado de placas y corte de vinilo son código propio, medido contra mods, con el que aprenden los alumnos de Fab Academy:',
  },
} as const;

/** Name, version and credits: what the Desk owes to others. */
export function AboutBox() {
  const w = words[useLanguage()];
  const info = useDeskQuery('app.info', {});
  return (
    <section className="card" aria-labelledby="about-title">
      <h2 id="about-title">{w.title}</h2>
      {info.data !== undefined && (
        <p>
          {info.data.name} — {w.version.replace('{version}', info.data.version)}
        </p>
      )}
      <p>{w.mods}</p>
      <p lang="en">{MODS_CREDIT}</p>
    </section>
  );
}
