import type { StaffView } from '@plato/contracts';
import { useEffect, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { Form, NavLink, Outlet, useLoaderData } from 'react-router';
import { LanguagePicker } from '../../../components/ui/language-picker';
import { useDocumentLanguage } from '../../../hooks/use-document-language';
import { usesExpo, usesKitchen } from '../../auth/roles';
import { loadKitchenStaff } from '../api/kitchen-access';
import { KITCHEN_LANGUAGES, kitchenI18n } from '../i18n';
import { KitchenLive, useKitchenLive } from '../live/kitchen-live';
import { setSoundEnabled, soundEnabled, wakeAudio } from '../live/sound';
import '../kitchen.css';

export async function kitchenLayoutLoader(): Promise<{ staff: StaffView }> {
  return { staff: await loadKitchenStaff() };
}

/** The kitchen screens' frame: dark, full width, with the connection, sound and language always in sight. */
export function KitchenLayout() {
  const { staff } = useLoaderData<typeof kitchenLayoutLoader>();
  useDocumentLanguage(kitchenI18n);
  useEffect(() => {
    document.documentElement.classList.add('kds-root');
    // Browsers keep audio asleep until the page is touched; any tap wakes it.
    window.addEventListener('pointerdown', wakeAudio, { once: true });
    return () => {
      document.documentElement.classList.remove('kds-root');
      window.removeEventListener('pointerdown', wakeAudio);
    };
  }, []);

  return (
    <I18nextProvider i18n={kitchenI18n}>
      <KitchenLive>
        <div className="kds">
          <KitchenHeader staff={staff} />
          <Outlet />
        </div>
      </KitchenLive>
    </I18nextProvider>
  );
}

function KitchenHeader({ staff }: { staff: StaffView }) {
  const { t } = useTranslation();
  const { status, news } = useKitchenLive();
  const [sound, setSound] = useState(soundEnabled);
  const newsText =
    news &&
    (news.kind === 'void'
      ? t('news.void', { table: news.ticket.table, number: news.ticket.orderNumber, reason: news.reason })
      : t('news.newTicket', { table: news.ticket.table, number: news.ticket.orderNumber }));

  return (
    <header className="kds-header">
      <nav aria-label={t('nav.label')} className="kds-header__nav">
        {usesKitchen(staff.role) && (
          <NavLink to="/kitchen" end className="kds-tab">
            {t('nav.tickets')}
          </NavLink>
        )}
        {usesExpo(staff.role) && (
          <NavLink to="/kitchen/expo" className="kds-tab">
            {t('nav.expo')}
          </NavLink>
        )}
      </nav>
      <p role="status" className={`kds-connection kds-connection--${status}`}>
        <span aria-hidden="true" className="kds-connection__dot" />
        {t(`connection.${status}`)}
      </p>
      <p className="kds-news" aria-live="polite">
        {newsText}
      </p>
      <div className="kds-header__tools">
        <button
          type="button"
          className="kds-button kds-button--quiet"
          aria-pressed={sound}
          onClick={() => {
            setSoundEnabled(!sound);
            setSound(!sound);
          }}
        >
          {sound ? t('sound.on') : t('sound.off')}
        </button>
        <LanguagePicker label={t('language')} languages={KITCHEN_LANGUAGES} className="kds-language" labelHidden />
        <span className="kds-header__name">{staff.name}</span>
        <Form method="post" action="/staff/logout">
          <button type="submit" className="kds-button kds-button--quiet">
            {t('signOut')}
          </button>
        </Form>
      </div>
    </header>
  );
}
