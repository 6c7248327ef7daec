/**
 * The row of buttons that switches an area between its views (queue, history, …). The current one is pressed;
 * choosing one also closes whatever single item was open on top of the views.
 */
export function TabBar<T extends string>({
  label,
  tabs,
  current,
  onSelect,
  labelOf,
}: {
  label: string;
  tabs: readonly T[];
  /** The pressed tab, or null while a single item (a job, a run) is open. */
  current: T | null;
  onSelect: (tab: T) => void;
  labelOf: (tab: T) => string;
}) {
  return (
    <nav className="buttons" aria-label={label}>
      {tabs.map((name) => (
        <button key={name} type="button" aria-pressed={current === name} onClick={() => onSelect(name)}>
          {labelOf(name)}
        </button>
      ))}
    </nav>
  );
}
