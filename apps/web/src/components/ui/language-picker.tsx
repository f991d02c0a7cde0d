import { useTranslation } from 'react-i18next';
import { rememberLanguage } from '../../lib/i18n';

type LanguagePickerProps = {
  /** The languages the surface has catalogs for. */
  languages: readonly string[];
  className?: string;
};

/**
 * The surface's language, remembered on the device for every surface. Its
 * words come from the surface's own catalog: `language` and `languages.<code>`.
 */
export function LanguagePicker({ languages, className }: LanguagePickerProps) {
  const { t, i18n } = useTranslation();
  return (
    <label className={className}>
      {t('language')}
      <select
        value={i18n.language}
        onChange={(event) => {
          rememberLanguage(event.target.value);
          void i18n.changeLanguage(event.target.value);
        }}
      >
        {languages.map((code) => (
          <option key={code} value={code}>
            {t(`languages.${code}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
