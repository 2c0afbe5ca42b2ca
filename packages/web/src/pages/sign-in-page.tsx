import { useState, type SubmitEvent } from 'react';
import { ApiError } from '../api/problem';
import { Button } from '../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../components/error-summary';
import { TextInput } from '../components/text-input';
import { useDocumentTitle } from '../components/use-document-title';
import { navigate } from '../router/history';
import { useSession } from '../session/session-context';
import { signInErrors, validateSignIn } from './sign-in-errors';

// A text field's value; FormData may also hold files, which this form has none of.
const fieldValue = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** The sign-in page: email and password, with the server's reason shown when sign-in fails. */
export function SignInPage() {
  const { signIn } = useSession();
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(errors.length > 0 ? 'Error: Sign in' : 'Sign in');

  const fieldError = (id: string) => errors.find((error) => error.href === `#${id}`)?.text;

  const submit = async (email: string, password: string) => {
    const invalid = validateSignIn(email, password);
    setErrors(invalid);
    if (invalid.length > 0) return;
    setBusy(true);
    try {
      await signIn(email, password);
      navigate('/');
    } catch (error) {
      setErrors(signInErrors(error instanceof ApiError ? error.problem : undefined));
      setBusy(false);
    }
  };

  const handleSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    void submit(fieldValue(form, 'email').trim(), fieldValue(form, 'password'));
  };

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {errors.length > 0 ? <ErrorSummary items={errors} /> : null}
        <h1>Sign in</h1>
        <p>Sign in with the email address and password of your atscale account.</p>
        <form action="/api/auth/login" method="post" onSubmit={handleSubmit} noValidate>
          <TextInput
            id="email"
            label="Email address"
            type="email"
            autoComplete="username"
            spellCheck={false}
            error={fieldError('email')}
          />
          <TextInput
            id="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            className="nhsuk-u-width-two-thirds"
            error={fieldError('password')}
          />
          <Button aria-disabled={busy}>Sign in</Button>
        </form>
      </div>
    </div>
  );
}
