import type { Category, Translations } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/error-message';
import { languageName } from '../../../lib/language-name';
import { adminKeys } from '../api/admin-keys';
import { fieldErrors } from '../api/field-errors';
import { deleteCategory, updateCategory } from '../api/menu-api';
import { basisPoints, percentText } from '../percent';
import { useAdmin } from './admin-layout';
import { CheckField } from './form-fields';

type Props = {
  category: Category;
  itemCount: number;
  canEdit: boolean;
  /** After a delete, with the category's name: the page says so, since the card it was in has gone. */
  onDeleted: (name: string) => void;
};

type Draft = { name: string; names: Record<string, string>; taxPercent: string; serviceApplies: boolean };

const draftOf = (c: Category): Draft => ({
  name: c.name,
  names: Object.fromEntries(Object.entries(c.translations).map(([locale, text]) => [locale, text.name ?? ''])),
  taxPercent: c.taxRateBps === null ? '' : percentText(c.taxRateBps),
  serviceApplies: c.serviceApplies,
});

/**
 * The chosen category itself: its name (and the name in each of the restaurant's other languages, which guests
 * reading them see), the tax rate of its items when it is not the restaurant's (drinks often differ from food),
 * whether the service charge applies to them, and deleting it once it is empty. Managers read it; admins change it.
 */
export function CategoryDetails(props: Props) {
  // A fresh form for each category: the draft is the chosen category's, never the last one's.
  return <CategoryForm key={props.category.id} {...props} />;
}

function CategoryForm({ category, itemCount, canEdit, onDeleted }: Props) {
  const { t, i18n } = useTranslation();
  const { settings } = useAdmin();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(() => draftOf(category));
  const [taxProblem, setTaxProblem] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const languages = settings.languages.filter((l) => l !== settings.locale);

  const save = useMutation({
    mutationFn: (body: Parameters<typeof updateCategory>[1]) => updateCategory(category.id, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(adminKeys.categories, (cached: Category[] | undefined) =>
        cached?.map((c) => (c.id === saved.id ? saved : c)),
      );
      setDraft(draftOf(saved));
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteCategory(category.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.categories });
      onDeleted(category.name);
      void navigate('/admin/menu', { replace: true });
    },
  });
  const errors = fieldErrors(save.error);
  // The rate travels as basis points: the server's bound is said again as the percentage typed here.
  if (errors.taxRateBps) errors.taxRateBps = t('settings.percentRange');

  function submit(event: FormEvent) {
    event.preventDefault();
    const tax = draft.taxPercent.trim();
    const taxRateBps = tax === '' ? null : basisPoints(tax);
    if (taxRateBps !== null && Number.isNaN(taxRateBps)) {
      setTaxProblem(t('settings.notPercent'));
      return;
    }
    setTaxProblem(undefined);
    // A language whose field is emptied shows the menu's own name again; an item-style description is kept.
    const translations: Translations = {};
    for (const [locale, text] of Object.entries(category.translations)) {
      if (text.description) translations[locale] = { description: text.description };
    }
    for (const [locale, name] of Object.entries(draft.names)) {
      if (name.trim()) translations[locale] = { ...translations[locale], name: name.trim() };
    }
    save.mutate({ name: draft.name.trim(), translations, taxRateBps, serviceApplies: draft.serviceApplies });
  }

  const otherErrors = save.isError && !errors.name && !errors.taxRateBps;
  return (
    <section className="card admin__form" aria-labelledby="category-title">
      <h2 id="category-title">{t('category.title', { name: category.name })}</h2>
      <form className="admin__form" onSubmit={submit} noValidate aria-labelledby="category-title">
        <fieldset className="admin__bare" disabled={!canEdit}>
          <div className="admin__grid">
            <TextField
              label={t('category.name')}
              name="category-name"
              maxLength={80}
              required
              value={draft.name}
              onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
              error={errors.name}
            />
            {languages.map((locale) => (
              <TextField
                key={locale}
                label={t('item.translatedName', { language: languageName(locale, i18n.language) })}
                name={`category-name-${locale}`}
                lang={locale}
                maxLength={80}
                placeholder={category.name}
                value={draft.names[locale] ?? ''}
                onChange={(e) => setDraft((d) => ({ ...d, names: { ...d.names, [locale]: e.target.value } }))}
              />
            ))}
            <TextField
              label={t('category.tax')}
              name="category-tax"
              inputMode="decimal"
              hint={t('category.taxHint', { rate: percentText(settings.taxRateBps) })}
              value={draft.taxPercent}
              onChange={(e) => setDraft((d) => ({ ...d, taxPercent: e.target.value }))}
              error={taxProblem ?? errors.taxRateBps}
            />
          </div>
          <CheckField
            label={t('category.service')}
            checked={draft.serviceApplies}
            onChange={(serviceApplies) => setDraft((d) => ({ ...d, serviceApplies }))}
          />
        </fieldset>
        {otherErrors && <Alert>{errorMessage(save.error)}</Alert>}
        {save.isSuccess && <Alert tone="info">{t('saved')}</Alert>}
        {canEdit && (
          <div className="admin__actions">
            <Button type="submit" variant="secondary" busy={save.isPending} disabled={draft.name.trim() === ''}>
              {t('save')}
            </Button>
          </div>
        )}
      </form>
      {canEdit && (
        <div className="admin__category-delete">
          {itemCount > 0 ? (
            <p className="field__hint">{t('category.notEmpty', { count: itemCount })}</p>
          ) : confirming ? (
            <div role="alertdialog" aria-labelledby="delete-category" className="admin__confirm">
              <p id="delete-category">{t('category.deleteConfirm', { name: category.name })}</p>
              {remove.isError && <Alert>{errorMessage(remove.error)}</Alert>}
              <Button type="button" busy={remove.isPending} onClick={() => remove.mutate()} autoFocus>
                {t('category.deleteYes')}
              </Button>
              <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
                {t('cancel')}
              </Button>
            </div>
          ) : (
            <Button type="button" variant="ghost" onClick={() => setConfirming(true)}>
              {t('category.delete', { name: category.name })}
            </Button>
          )}
        </div>
      )}
    </section>
  );
}
