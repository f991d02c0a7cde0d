import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { readsReports } from '../../reports/reports-access';
import { managesTables, runsTill, servesFloor, usesExpo, usesKitchen } from '../roles';
import { useStaff } from './staff-layout';

export function StaffHomePage() {
  const staff = useStaff();
  const { t } = useTranslation();
  const links: [boolean, string, string][] = [
    [servesFloor(staff.role), '/waiter', t('home.floor')],
    [usesKitchen(staff.role), '/kitchen', t('home.kitchen')],
    [usesExpo(staff.role), '/kitchen/expo', t('home.expo')],
    [runsTill(staff.role), '/cashier', t('home.till')],
    [managesTables(staff.role), '/admin', t('home.backOffice')],
    [readsReports(staff.role), '/reports', t('home.reports')],
  ];

  return (
    <section className="card" aria-labelledby="staff-home-title">
      <h1 id="staff-home-title">{t('home.hello', { name: staff.name })}</h1>
      <p>{t('home.signedInAs', { name: staff.name, role: staff.role })}</p>
      {links
        .filter(([allowed]) => allowed)
        .map(([, to, label]) => (
          <p key={to}>
            <Link to={to}>{label}</Link>
          </p>
        ))}
    </section>
  );
}
