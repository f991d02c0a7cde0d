import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { LanguagePicker } from '../../../components/ui/language-picker';
import { NotAllowedPage } from '../../auth/components/not-allowed-page';
import { useStaff } from '../../auth/components/staff-layout';
import { servesFloor } from '../../auth/roles';
import { floorQuery } from '../api/waiter-queries';
import { WAITER_LANGUAGES, waiterI18n } from '../i18n';
import { alertsAudible, setAlertsAudible, wakeAudio } from '../live/alerts';
import { useWaiterLive, WaiterLive } from '../live/waiter-live';
import '../waiter.css';
import { Icon } from './icon';

/** The waiter's screens (/waiter/…): one live socket, one language, the alerts, for WAITER, MANAGER and ADMIN. */
export function WaiterLayout() {
  const staff = useStaff();
  if (!servesFloor(staff.role)) return <NotAllowedPage page="floor" />;
  return (
    <I18nextProvider i18n={waiterI18n}>
      <WaiterLive>
        <WaiterFrame />
        <Outlet context={{ staff }} />
      </WaiterLive>
    </I18nextProvider>
  );
}

function WaiterFrame() {
  const { t } = useTranslation();
  const { status, news } = useWaiterLive();
  const floor = useQuery(floorQuery);
  const ready = floor.data?.tables.reduce((sum, table) => sum + table.readyCount, 0) ?? 0;

  // Browsers let a page make sound only after a tap: the first one anywhere wakes the audio.
  useEffect(() => {
    const wake = () => wakeAudio();
    document.addEventListener('pointerdown', wake, { once: true });
    document.addEventListener('keydown', wake, { once: true });
    return () => {
      document.removeEventListener('pointerdown', wake);
      document.removeEventListener('keydown', wake);
    };
  }, []);

  return (
    <div className="waiter-bar">
      <nav aria-label={t('nav.label')} className="waiter-bar__nav">
        <NavLink to="/waiter" end>
          {t('nav.floor')}
        </NavLink>
        <NavLink to="/waiter/pass">
          {t('nav.pass')}
          {ready > 0 && <span className="count-badge">{ready}</span>}
        </NavLink>
      </nav>
      <p className={`live-state live-state--${status}`} role="status">
        <span aria-hidden="true" className="live-state__dot" />
        {t(`connection.${status}`)}
      </p>
      <SoundToggle />
      <LanguagePicker label={t('language')} languages={WAITER_LANGUAGES} className="waiter-bar__language" labelHidden />
      <div className="waiter-news" role="log" aria-label={t('alerts')}>
        {news.map((item) => (
          <p key={item.id} className={`waiter-news__item waiter-news__item--${item.kind}`}>
            <Icon name={item.kind === 'ready' ? 'star' : item.kind === 'pending' ? 'hand' : 'bell'} />
            {item.text}
          </p>
        ))}
      </div>
    </div>
  );
}

function SoundToggle() {
  const { t } = useTranslation();
  const [on, setOn] = useState(alertsAudible);
  return (
    <button
      type="button"
      className="button button--secondary waiter-bar__sound"
      aria-pressed={on}
      onClick={() => {
        setAlertsAudible(!on);
        setOn(!on);
      }}
    >
      <Icon name={on ? 'bell' : 'bellOff'} />
      <span className="waiter-bar__sound-text">{t(on ? 'sound.on' : 'sound.off')}</span>
    </button>
  );
}
