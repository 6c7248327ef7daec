import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { PasswordField } from '../../../renderer/app/Field.js';

function Form({ purpose, required = true }: { purpose: 'current' | 'new'; required?: boolean }) {
  const [value, setValue] = useState('');
  return (
    <form aria-label="f">
      <PasswordField
        label="Password"
        value={value}
        onChange={setValue}
        purpose={purpose}
        required={required}
      />
      <output>{value.length}</output>
    </form>
  );
}

/** The one password input of every screen (setup, login, lock, change password, a person's login). */
describe('PasswordField', () => {
  it('hides what is typed, is required by default, and tells the password manager it is the current password', () => {
    render(<Form purpose="current" />);
    const input = screen.getByLabelText<HTMLInputElement>('Password');
    expect([input.type, input.required, input.autocomplete]).toEqual(['password', true, 'current-password']);
    fireEvent.change(input, { target: { value: 'demo-pass-2026' } });
    expect(screen.getByRole('status').textContent).toBe('14');
  });

  it('for a new password says so, and may be left empty where a form allows it', () => {
    render(<Form purpose="new" required={false} />);
    const input = screen.getByLabelText<HTMLInputElement>('Password');
    expect([input.type, input.required, input.autocomplete]).toEqual(['password', false, 'new-password']);
  });
});
