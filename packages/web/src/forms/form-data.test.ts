import { describe, expect, it } from 'vitest';
import { dateParts, fieldText, fieldValue } from './form-data';

const formData = (entries: Record<string, string | Blob>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(entries)) form.append(name, value);
  return form;
};

describe('reading a submitted form', () => {
  it('reads a text field trimmed, and a missing field or a file as empty', () => {
    const form = formData({ name: '  Riverside  ', upload: new Blob(['x']) });
    expect(fieldValue(form, 'name')).toBe('Riverside');
    expect(fieldValue(form, 'missing')).toBe('');
    expect(fieldValue(form, 'upload')).toBe('');
    expect(fieldText(form, 'name')).toBe('  Riverside  ');
    expect(fieldText(form, 'upload')).toBe('');
  });

  it('reads the three fields of a date input by its id', () => {
    const form = formData({ 'on-day': ' 1 ', 'on-month': '4', 'other-year': '2025' });
    expect(dateParts(form, 'on')).toEqual({ day: '1', month: '4', year: '' });
  });
});
