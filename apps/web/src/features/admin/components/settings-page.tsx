import type { RestaurantSettings, UpdateSettingsRequest } from '@plato/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/error-message';
import { useMoney } from '../../../components/ui/use-money';
import { adminKeys } from '../api/admin-keys';
import { fieldErrors } from '../api/field-errors';
import { stationsQuery } from '../api/menu-api';
import { updateSettings } from '../api/settings-api';
import { ADMIN_LANGUAGES } from '../i18n';
import { languageName } from '../../../lib/language-name';
import { useAdmin } from './admin-layout';
import { CheckField, SelectField } from './form-fields';
import { basisPoints, percentText } from '../percent';

type Draft = {
  name: string;
  currency: string;
  locale: string;
  languages: string[];
  timezone: string;
  taxPercent: string;
  taxInclusive: boolean;
  servicePercent: string;
  cashRoundingCents: 0 | 5 | 10;
  tips: string;
  autoClose: boolean;
  pinLength: string;
  orderApproval: boolean;
  defaultStationId: string;
};

function draftOf(s: RestaurantSettings): Draft {
  return {
    name: s.name,
    currency: s.currency,
    locale: s.locale,
    languages: s.languages,
    timezone: s.timezone,
    taxPercent: percentText(s.taxRateBps),
    taxInclusive: s.taxInclusive,
    servicePercent: percentText(s.serviceChargeBps),
    cashRoundingCents: s.cashRoundingCents,
    tips: s.tipPresetsPercent.join(', '),
    autoClose: s.autoClose,
    pinLength: String(s.pinLength),
    orderApproval: s.orderApproval,
    defaultStationId: s.defaultStationId ?? '',
  };
}

function tipList(text: string): number[] | null {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : null;
}

const CURRENCIES = Intl.supportedValuesOf('currency');
const TIME_ZONES = Intl.supportedValuesOf('timeZone');

/** The restaurant's settings: one form, saved as one change; the server's refusals show on their own fields. */
export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const { settings, canEdit } = useAdmin();
  const queryClient = useQueryClient();
  const stations = useQuery(stationsQuery);
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: updateSettings,
    onSuccess: (saved) => {
      queryClient.setQueryData(adminKeys.settings, saved);
      setDraft(draftOf(saved));
    },
  });
  const server = fieldErrors(save.error);
  // Rates travel as basis points: the server's bound ("<= 10000") is said again as the percentage typed here.
  for (const rate of ['taxRateBps', 'serviceChargeBps'] as const)
    if (server[rate]) server[rate] = t('settings.percentRange');
  const errors: Record<string, string | undefined> = { ...server, ...local };
  const money = useMoney(draft.currency);
  const currencyNames = useMemo(() => new Intl.DisplayNames([i18n.language], { type: 'currency' }), [i18n.language]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const taxRateBps = basisPoints(draft.taxPercent);
    const serviceChargeBps = basisPoints(draft.servicePercent);
    const tipPresetsPercent = tipList(draft.tips);
    const pinLength = /^\d+$/.test(draft.pinLength.trim()) ? Number(draft.pinLength) : Number.NaN;
    if (Number.isNaN(taxRateBps)) problems.taxRateBps = t('settings.notPercent');
    if (Number.isNaN(serviceChargeBps)) problems.serviceChargeBps = t('settings.notPercent');
    if (!tipPresetsPercent) problems.tipPresetsPercent = t('settings.notTips');
    if (Number.isNaN(pinLength)) problems.pinLength = t('settings.notNumber');
    setLocal(problems);
    if (Object.keys(problems).length > 0 || !tipPresetsPercent) return;
    const body: UpdateSettingsRequest = {
      name: draft.name,
      currency: draft.currency,
      locale: draft.locale,
      languages: draft.languages.filter((l) => l !== draft.locale),
      timezone: draft.timezone,
      taxRateBps,
      taxInclusive: draft.taxInclusive,
      serviceChargeBps,
      cashRoundingCents: draft.cashRoundingCents,
      tipPresetsPercent,
      autoClose: draft.autoClose,
      pinLength,
      orderApproval: draft.orderApproval,
      ...(draft.defaultStationId ? { defaultStationId: draft.defaultStationId } : {}),
    };
    save.mutate(body);
  }

  // The staff apps' languages, and any other the restaurant already offers (a translation someone keyed in).
  const otherLanguages = [...new Set([...ADMIN_LANGUAGES, ...settings.languages])].filter(
    (code) => code !== draft.locale,
  );

  return (
    <section aria-labelledby="settings-title">
      <div className="page-header">
        <div>
          <h1 id="settings-title">{t('settings.title')}</h1>
          <p className="muted">{t('settings.intro')}</p>
        </div>
      </div>
      {!canEdit && <Alert tone="info">{t('readOnly')}</Alert>}
      <form className="admin__form" onSubmit={submit} noValidate>
        <fieldset className="card admin__fieldset" disabled={!canEdit}>
          <legend>{t('settings.general')}</legend>
          <div className="admin__grid">
            <TextField
              label={t('settings.name')}
              name="name"
              value={draft.name}
              onChange={(e) => set('name', e.target.value)}
              error={errors.name}
            />
            <SelectField
              label={t('settings.currency')}
              hint={t('settings.currencyHint')}
              value={draft.currency}
              onChange={(e) => set('currency', e.target.value)}
              error={errors.currency}
            >
              {CURRENCIES.map((code) => (
                <option key={code} value={code}>
                  {code} · {currencyNames.of(code)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('settings.timezone')}
              value={draft.timezone}
              onChange={(e) => set('timezone', e.target.value)}
              error={errors.timezone}
            >
              {TIME_ZONES.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('settings.locale')}
              hint={t('settings.localeHint')}
              value={draft.locale}
              onChange={(e) => set('locale', e.target.value)}
              error={errors.locale}
            >
              {[...new Set([draft.locale, ...ADMIN_LANGUAGES])].map((code) => (
                <option key={code} value={code} lang={code}>
                  {languageName(code)}
                </option>
              ))}
            </SelectField>
          </div>
          <fieldset className="admin__choices" aria-describedby="settings-languages-hint">
            <legend>{t('settings.languages')}</legend>
            {otherLanguages.map((code) => (
              <label key={code} className="admin__choice">
                <input
                  type="checkbox"
                  checked={draft.languages.includes(code)}
                  onChange={(e) =>
                    set(
                      'languages',
                      e.target.checked ? [...draft.languages, code] : draft.languages.filter((l) => l !== code),
                    )
                  }
                />
                <span lang={code}>{languageName(code)}</span>
              </label>
            ))}
            <p id="settings-languages-hint" className="field__hint">
              {t('settings.languagesHint')}
            </p>
            {errors.languages && <p className="field__error">{errors.languages}</p>}
          </fieldset>
        </fieldset>

        <fieldset className="card admin__fieldset" disabled={!canEdit}>
          <legend>{t('settings.billing')}</legend>
          <div className="admin__grid">
            <TextField
              label={t('settings.taxRate')}
              name="taxRate"
              inputMode="decimal"
              value={draft.taxPercent}
              onChange={(e) => set('taxPercent', e.target.value)}
              error={errors.taxRateBps}
            />
            <TextField
              label={t('settings.serviceCharge')}
              name="serviceCharge"
              inputMode="decimal"
              value={draft.servicePercent}
              onChange={(e) => set('servicePercent', e.target.value)}
              error={errors.serviceChargeBps}
            />
            <SelectField
              label={t('settings.cashRounding')}
              value={String(draft.cashRoundingCents)}
              onChange={(e) => set('cashRoundingCents', Number(e.target.value) as 0 | 5 | 10)}
              error={errors.cashRoundingCents}
            >
              <option value="0">{t('settings.roundingNone')}</option>
              <option value="5">{t('settings.roundingTo', { amount: money(5) })}</option>
              <option value="10">{t('settings.roundingTo', { amount: money(10) })}</option>
            </SelectField>
            <TextField
              label={t('settings.tipPresets')}
              name="tips"
              inputMode="numeric"
              value={draft.tips}
              onChange={(e) => set('tips', e.target.value)}
              hint={t('settings.tipPresetsHint')}
              error={errors.tipPresetsPercent}
            />
          </div>
          <CheckField
            label={t('settings.taxInclusive')}
            checked={draft.taxInclusive}
            onChange={(v) => set('taxInclusive', v)}
          />
          <CheckField label={t('settings.autoClose')} checked={draft.autoClose} onChange={(v) => set('autoClose', v)} />
        </fieldset>

        <fieldset className="card admin__fieldset" disabled={!canEdit}>
          <legend>{t('settings.service')}</legend>
          <div className="admin__grid">
            <TextField
              label={t('settings.pinLength')}
              name="pinLength"
              inputMode="numeric"
              value={draft.pinLength}
              onChange={(e) => set('pinLength', e.target.value)}
              error={errors.pinLength}
            />
            <SelectField
              label={t('settings.defaultStation')}
              hint={t('settings.defaultStationHint')}
              value={draft.defaultStationId}
              onChange={(e) => set('defaultStationId', e.target.value)}
              error={errors.defaultStationId}
            >
              {!draft.defaultStationId && <option value="">{t('none')}</option>}
              {(stations.data ?? []).map((station) => (
                <option key={station.id} value={station.id}>
                  {station.name}
                </option>
              ))}
            </SelectField>
          </div>
          <CheckField
            label={t('settings.orderApproval')}
            checked={draft.orderApproval}
            onChange={(v) => set('orderApproval', v)}
          />
        </fieldset>

        {canEdit && (
          <div className="admin__actions">
            {save.isError && Object.keys(server).length === 0 && <Alert>{errorMessage(save.error)}</Alert>}
            {save.isSuccess && <Alert tone="info">{t('saved')}</Alert>}
            <Button type="submit" busy={save.isPending}>
              {t('save')}
            </Button>
          </div>
        )}
      </form>
    </section>
  );
}
