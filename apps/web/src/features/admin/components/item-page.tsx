import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/error-message';
import { categoriesQuery, itemsQuery, stationsQuery } from '../api/menu-api';
import { useAdmin } from './admin-layout';
import { ItemDetailsForm } from './item-details-form';
import { ItemPhoto } from './item-photo';
import { ItemTranslations } from './item-translations';
import { ModifierGroups } from './modifier-groups';

/** One menu item: its details, then (once it exists) its photo, translations and choices. */
export function ItemPage() {
  const { t } = useTranslation();
  const { canEdit } = useAdmin();
  const { itemId } = useParams();
  const [params] = useSearchParams();
  const created = (useLocation().state as { created?: string } | null)?.created;
  const items = useQuery(itemsQuery);
  const categories = useQuery(categoriesQuery);
  const stations = useQuery(stationsQuery);

  const failed = items.error ?? categories.error ?? stations.error;
  if (failed) return <Alert>{errorMessage(failed)}</Alert>;
  if (!items.data || !categories.data || !stations.data) return <Spinner label={t('loading')} />;

  const item = items.data.find((i) => i.id === itemId);
  const creating = itemId === 'new';
  const categoryId = item?.categoryId ?? params.get('category') ?? categories.data[0]?.id ?? '';
  if (!creating && !item) return <Alert>{t('item.notFound')}</Alert>;

  return (
    <section aria-labelledby="item-title" className="admin__item">
      <p>
        <Link to={`/admin/menu?category=${categoryId}`}>← {t('item.back')}</Link>
      </p>
      <h1 id="item-title">{item ? t('item.editTitle', { name: item.name }) : t('item.newTitle')}</h1>
      {!canEdit && <Alert tone="info">{t('readOnly')}</Alert>}
      {created && <Alert tone="info">{t('item.created', { name: created })}</Alert>}
      <ItemDetailsForm
        key={item?.id ?? 'new'}
        item={item}
        categoryId={categoryId}
        categories={categories.data}
        stations={stations.data}
        canEdit={canEdit}
      />
      {item && (
        <>
          <ItemPhoto item={item} canEdit={canEdit} />
          <ItemTranslations item={item} canEdit={canEdit} />
          <ModifierGroups item={item} canEdit={canEdit} />
        </>
      )}
    </section>
  );
}
