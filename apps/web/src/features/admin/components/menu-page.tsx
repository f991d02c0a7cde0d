import type { MenuItem, Station } from '@plato/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/error-message';
import { useMoney } from '../../../components/ui/use-money';
import { adminKeys } from '../api/admin-keys';
import { categoriesQuery, itemsQuery, setItemAvailability, stationsQuery } from '../api/menu-api';
import { useAdmin } from './admin-layout';
import { CategoryDetails } from './category-details';
import { CategoryList } from './category-list';
import { RowAction } from './row-action';

/** The menu editor's front page: the categories in order, and the chosen category's items with their sold-out switch. */
export function MenuPage() {
  const { t } = useTranslation();
  const { canEdit } = useAdmin();
  const [params] = useSearchParams();
  const categories = useQuery(categoriesQuery);
  const items = useQuery(itemsQuery);
  const stations = useQuery(stationsQuery);
  const [notice, setNotice] = useState('');

  const failed = categories.error ?? items.error;
  if (failed) return <Alert>{errorMessage(failed)}</Alert>;
  if (!categories.data || !items.data) return <Spinner label={t('loading')} />;

  const selected = categories.data.find((c) => c.id === params.get('category')) ?? categories.data[0];
  const inSelected = selected ? items.data.filter((i) => i.categoryId === selected.id) : [];

  return (
    <section aria-labelledby="menu-title">
      <div className="page-header">
        <div>
          <h1 id="menu-title">{t('menu.title')}</h1>
          <p className="muted">{t('menu.intro')}</p>
        </div>
      </div>
      <p role="status" className={notice ? 'alert alert--info admin__spaced' : 'visually-hidden'}>
        {notice}
      </p>
      <div className="admin__menu">
        <CategoryList categories={categories.data} selected={selected?.id} canEdit={canEdit} />
        {selected ? (
          <div className="admin__column">
            <ItemsTable
              categoryId={selected.id}
              categoryName={selected.name}
              items={inSelected}
              stations={stations.data ?? []}
              canEdit={canEdit}
            />
            <CategoryDetails
              category={selected}
              itemCount={inSelected.length}
              canEdit={canEdit}
              onDeleted={(name) => setNotice(t('category.deleted', { name }))}
            />
          </div>
        ) : (
          <p className="card empty-state">{t('menu.noCategory')}</p>
        )}
      </div>
    </section>
  );
}

type ItemsProps = {
  categoryId: string;
  categoryName: string;
  items: MenuItem[];
  stations: Station[];
  canEdit: boolean;
};

function ItemsTable({ categoryId, categoryName, items, stations, canEdit }: ItemsProps) {
  const { t } = useTranslation();
  const { settings } = useAdmin();
  const money = useMoney(settings.currency);
  const stationName = (id: string | null) =>
    stations.find((s) => s.id === (id ?? settings.defaultStationId))?.name ?? t('menu.defaultStation');

  return (
    <section className="card card--flush admin__items" aria-labelledby="items-title">
      <div className="admin__items-header">
        <h2 id="items-title">{t('menu.items', { category: categoryName })}</h2>
        {canEdit && (
          <Link className="button button--secondary" to={`/admin/menu/items/new?category=${categoryId}`}>
            {t('menu.addItem')}
          </Link>
        )}
      </div>
      {items.length === 0 ? (
        <p className="empty-state admin__pad">{t('menu.noItems')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="items-title">
            <thead>
              <tr>
                <th scope="col">{t('menu.item')}</th>
                <th scope="col" className="data-table__number">
                  {t('menu.price')}
                </th>
                <th scope="col">{t('menu.station')}</th>
                <th scope="col">{t('menu.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">
                    <Link to={`/admin/menu/items/${item.id}`} aria-label={t('menu.editItem', { name: item.name })}>
                      {item.name}
                    </Link>
                  </th>
                  <td className="data-table__number">{money(item.priceCents)}</td>
                  <td>{stationName(item.stationId)}</td>
                  <td>
                    <AvailabilityToggle item={item} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Sold out or back, in one tap, for admins and managers alike: guests' menus change at once. */
function AvailabilityToggle({ item }: { item: MenuItem }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => setItemAvailability(item.id, !item.available),
    onSuccess: (saved) =>
      queryClient.setQueryData(adminKeys.items, (cached: MenuItem[] | undefined) =>
        cached?.map((i) => (i.id === saved.id ? saved : i)),
      ),
  });

  return (
    <div className="admin__availability">
      <span className={`badge ${item.available ? 'badge--ok' : 'badge--off'}`}>
        {item.available ? t('menu.available') : t('menu.soldOut')}
      </span>
      <RowAction
        action={item.available ? t('menu.markSoldOut') : t('menu.markAvailable')}
        name={item.name}
        busy={toggle.isPending}
        onClick={() => toggle.mutate()}
      />
      {toggle.isError && <Alert>{errorMessage(toggle.error)}</Alert>}
    </div>
  );
}
