import { useShellT } from './words.js';

/** Areas whose screens are being built say what will be there, in the person's language. */
function Upcoming({
  title,
  body,
}: {
  title: 'nav.jobs' | 'nav.production';
  body: 'upcoming.jobs' | 'upcoming.production';
}) {
  const t = useShellT();
  return (
    <section>
      <h1>{t(title)}</h1>
      <p>{t(body)}</p>
    </section>
  );
}

export const ProductionScreen = () => <Upcoming title="nav.production" body="upcoming.production" />;
