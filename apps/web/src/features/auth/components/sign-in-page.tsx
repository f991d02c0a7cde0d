import { Form, redirect, useActionData, useNavigation, type ActionFunctionArgs } from 'react-router';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Brand } from '../../../components/ui/brand';
import { Button } from '../../../components/ui/button';
import { LanguagePicker } from '../../../components/ui/language-picker';
import { TextField } from '../../../components/ui/text-field';
import { ApiError } from '../../../lib/api-client';
import { errorMessage } from '../../../lib/error-message';
import { login } from '../api/login';
import { SHELL_LANGUAGES, shellI18n } from '../i18n';
import { homePathFor } from '../roles';
import { useDocumentLanguage } from '../../../hooks/use-document-language';

type FieldName = 'restaurant' | 'email' | 'password';
type SignInFailure = { error: string; fieldErrors: Partial<Record<FieldName, string>> };

export async function signInAction({ request }: ActionFunctionArgs): Promise<Response | SignInFailure> {
  const form = await request.formData();
  const text = (name: FieldName) => String(form.get(name) ?? '');
  try {
    const { staff } = await login({
      restaurant: text('restaurant').trim(),
      email: text('email').trim(),
      password: text('password'),
    });
    return redirect(homePathFor(staff.role));
  } catch (error) {
    return { error: errorMessage(error), fieldErrors: fieldErrorsOf(error) };
  }
}

// A 400 names the fields it rejects; the path may be "email", "/email" or "body.email".
function fieldErrorsOf(error: unknown): SignInFailure['fieldErrors'] {
  const fieldErrors: SignInFailure['fieldErrors'] = {};
  if (!(error instanceof ApiError)) return fieldErrors;
  for (const { path, message } of error.problem.errors ?? []) {
    const field = path.split(/[./]/).pop();
    if (field === 'restaurant' || field === 'email' || field === 'password') fieldErrors[field] ??= message;
  }
  return fieldErrors;
}

export function SignInPage() {
  useDocumentLanguage(shellI18n);
  return (
    <I18nextProvider i18n={shellI18n}>
      <SignInForm />
    </I18nextProvider>
  );
}

function SignInForm() {
  const { t } = useTranslation();
  const failure = useActionData<typeof signInAction>();
  const submitting = useNavigation().state === 'submitting';
  const fieldErrors = failure?.fieldErrors ?? {};

  return (
    <main className="auth-layout">
      <section className="card auth-card" aria-labelledby="sign-in-title">
        <Brand />
        <h1 id="sign-in-title" className="auth-card__title">
          {t('signIn.title')}
        </h1>
        <p className="muted">{t('signIn.intro')}</p>
        <LanguagePicker label={t('language')} languages={SHELL_LANGUAGES} className="auth-card__language" />

        {failure && <Alert title={t('signIn.failed')}>{failure.error}</Alert>}

        <Form method="post" className="form" aria-labelledby="sign-in-title">
          <TextField
            label={t('signIn.restaurant')}
            name="restaurant"
            defaultValue="demo"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            required
            error={fieldErrors.restaurant}
          />
          <TextField
            label={t('signIn.email')}
            name="email"
            type="email"
            autoComplete="username"
            required
            error={fieldErrors.email}
          />
          <TextField
            label={t('signIn.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={fieldErrors.password}
          />
          <Button type="submit" busy={submitting} className="button--block">
            {submitting ? t('signIn.submitting') : t('signIn.submit')}
          </Button>
        </Form>
      </section>
    </main>
  );
}
