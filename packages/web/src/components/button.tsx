import type { ButtonHTMLAttributes } from 'react';

/** Props for {@link Button}: a native button plus the NHS variant. */
export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'warning';
}

/** An NHS.UK button; defaults to a primary submit button. */
export function Button({ variant = 'primary', type = 'submit', className, ...rest }: ButtonProps) {
  const classes = ['nhsuk-button'];
  if (variant !== 'primary') classes.push(`nhsuk-button--${variant}`);
  if (className) classes.push(className);
  return <button className={classes.join(' ')} type={type} {...rest} />;
}
