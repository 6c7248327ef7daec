/** A labelled text input: the label names the input for screen readers and tests alike. */
export function Field({
  label,
  value,
  onChange,
  type = 'text',
  autoComplete,
  required = false,
  autoFocus = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'email';
  autoComplete?: string;
  required?: boolean;
  autoFocus?: boolean;
}) {
  return (
    <label>
      {label}
      <input
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
      />
    </label>
  );
}

/** The sentence saying why the form was refused, announced when it appears. */
export function FormError({ error }: { error: string | null }) {
  if (error === null) return null;
  return (
    <p role="alert" className="form-error">
      {error}
    </p>
  );
}
