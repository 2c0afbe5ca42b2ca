import { ApiError } from '../api/problem';
import { Button } from '../components/button';
import { ErrorSummary } from '../components/error-summary';
import { TextInput } from '../components/text-input';
import { useDocumentTitle } from '../components/use-document-title';
import { fieldText } from '../forms/form-data';
import { useFormSubmission } from '../forms/use-form-submission';
import { navigate } from '../router/history';
import { useSession } from '../session/session-context';
import { signInErrors, validateSignIn } from './sign-in-errors';

/** The sign-in page: email and password, with the server's reason shown when sign-in fails. */
export function SignInPage() {
  const { signIn } = useSession();
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) => signInErrors(error instanceof ApiError ? error.problem : undefined),
  });
  useDocumentTitle(errors.length > 0 ? 'Error: Sign in' : 'Sign in');

  const handleSubmit = onSubmit((form) => {
    const email = fieldText(form, 'email').trim();
    const password = fieldText(form, 'password');
    const invalid = validateSignIn(email, password);
    setErrors(invalid);
    if (invalid.length > 0) return;
    void send(async () => {
      await signIn(email, password);
      navigate('/');
    });
  });

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary items={errors} />
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
