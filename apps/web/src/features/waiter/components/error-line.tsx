import { useErrorText } from './use-error-text';

/** Why the last try failed, announced at once; nothing while there is no error. */
export function ErrorLine({ error }: { error: unknown }) {
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <p className="inline-error" role="alert">
      {errorText(error)}
    </p>
  );
}
