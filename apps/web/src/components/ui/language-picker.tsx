import { useTranslation } from 'react-i18next';
import { rememberLanguage } from '../../lib/i18n';
import { languageName } from '../../lib/language-name';

type Props = {
  label: string;
  languages: readonly string[];
  className?: string;
  /** For a crowded bar: the label is read by screen readers and not shown. */
  labelHidden?: boolean;
};

/**
 * Switches the surface's i18next instance (the one its provider gives) and remembers the choice on the device;
 * each language is named in its own words, so a reader finds theirs whatever the page is in.
 */
export function LanguagePicker({ label, languages, className, labelHidden = false }: Props) {
  const { i18n } = useTranslation();
  return (
    <label className={className}>
      {labelHidden ? <span className="visually-hidden">{label}</span> : label}
      <select
        className="language-picker__select"
        value={i18n.language}
        onChange={(event) => {
          rememberLanguage(event.target.value);
          void i18n.changeLanguage(event.target.value);
        }}
      >
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>
            {languageName(code)}
          </option>
        ))}
      </select>
    </label>
  );
}
