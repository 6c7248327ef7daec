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

/**
 * A password input, the one every screen uses (setup, login, lock, change password, a person's login): never shown,
 * and the browser's password manager is told whether it holds the current password or a new one.
 */
export function PasswordField({
  label,
  value,
  onChange,
  purpose,
  required = true,
  autoFocus = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  purpose: 'current' | 'new';
  required?: boolean;
  autoFocus?: boolean;
}) {
  return (
    <Field
      label={label}
      value={value}
      onChange={onChange}
      type="password"
      autoComplete={purpose === 'current' ? 'current-password' : 'new-password'}
      required={required}
      autoFocus={autoFocus}
    />
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
