import type { MenuItem, Translations } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/error-message';
import { adminKeys } from '../api/admin-keys';
import { updateItem } from '../api/menu-api';
import { languageName } from '../../../lib/language-name';
import { useAdmin } from './admin-layout';

/**
 * The item's name and description in each of the restaurant's other languages (its settings say which).
 * An empty field drops that translation, so guests reading that language see the menu's own text.
 */
export function ItemTranslations({ item, canEdit }: { item: MenuItem; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const { settings } = useAdmin();
  const queryClient = useQueryClient();
  const languages = settings.languages.filter((l) => l !== settings.locale);
  const [draft, setDraft] = useState<Translations>(item.translations);
  const save = useMutation({
    mutationFn: (translations: Translations) => updateItem(item.id, { translations }),
    onSuccess: (saved) =>
      queryClient.setQueryData(adminKeys.items, (cached: MenuItem[] | undefined) =>
        cached?.map((i) => (i.id === saved.id ? saved : i)),
      ),
  });

  function set(locale: string, field: 'name' | 'description', value: string) {
    setDraft((d) => ({ ...d, [locale]: { ...d[locale], [field]: value } }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    // Languages the settings no longer offer keep what they had; empty fields are left out.
    const translations: Translations = {};
    for (const [locale, text] of Object.entries(draft)) {
      const name = text.name?.trim();
      const description = text.description?.trim();
      if (name || description) translations[locale] = { ...(name && { name }), ...(description && { description }) };
    }
    save.mutate(translations);
  }

  return (
    <form className="card admin__form" onSubmit={submit} aria-labelledby="translations-title">
      <h2 id="translations-title">{t('item.translations')}</h2>
      {languages.length === 0 ? (
        <p className="muted">{t('item.noLanguages')}</p>
      ) : (
        <>
          <p className="field__hint">{t('item.translationsHint')}</p>
          <fieldset className="admin__bare" disabled={!canEdit}>
            {languages.map((locale) => {
              const language = languageName(locale, i18n.language);
              return (
                <div key={locale} className="admin__grid">
                  <TextField
                    label={t('item.translatedName', { language })}
                    name={`name-${locale}`}
                    lang={locale}
                    maxLength={80}
                    value={draft[locale]?.name ?? ''}
                    placeholder={item.name}
                    onChange={(e) => set(locale, 'name', e.target.value)}
                  />
                  <TextField
                    label={t('item.translatedDescription', { language })}
                    name={`description-${locale}`}
                    lang={locale}
                    maxLength={500}
                    value={draft[locale]?.description ?? ''}
                    onChange={(e) => set(locale, 'description', e.target.value)}
                  />
                </div>
              );
            })}
          </fieldset>
          {save.isError && <Alert>{errorMessage(save.error)}</Alert>}
          {save.isSuccess && <Alert tone="info">{t('saved')}</Alert>}
          {canEdit && (
            <div className="admin__actions">
              <Button type="submit" variant="secondary" busy={save.isPending}>
                {t('save')}
              </Button>
            </div>
          )}
        </>
      )}
    </form>
  );
}
