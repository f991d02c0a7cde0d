import { LIMITS, type MenuItem } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { errorMessage } from '../../../lib/error-message';
import { adminKeys } from '../api/admin-keys';
import { removeItemPhoto, uploadItemPhoto } from '../api/menu-api';

/** The item's photo as guests see it; a new file replaces it at once (the server checks its type and size). */
export function ItemPhoto({ item, canEdit }: { item: MenuItem; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const keep = (saved: MenuItem) =>
    queryClient.setQueryData(adminKeys.items, (cached: MenuItem[] | undefined) =>
      cached?.map((i) => (i.id === saved.id ? saved : i)),
    );
  const upload = useMutation({
    mutationFn: (file: File) => uploadItemPhoto(item.id, file),
    onSuccess: keep,
    onSettled: () => {
      if (input.current) input.current.value = '';
    },
  });
  const remove = useMutation({
    mutationFn: () => removeItemPhoto(item.id),
    onSuccess: () => keep({ ...item, imageUrl: null }),
  });

  return (
    <section className="card admin__photo" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('item.photo')}</h2>
      {item.imageUrl ? (
        <img src={item.imageUrl} alt={t('item.photoAlt', { name: item.name })} className="admin__photo-img" />
      ) : (
        <p className="muted">{t('item.noPhoto')}</p>
      )}
      {canEdit && (
        <div className="admin__photo-actions">
          <div className="field">
            <label className="field__label" htmlFor={id}>
              {t('item.uploadPhoto')}
            </label>
            <input
              id={id}
              ref={input}
              type="file"
              accept="image/jpeg,image/png,image/webp"
              className="admin__file"
              aria-describedby={`${id}-hint`}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file && file.size <= LIMITS.photoMaxBytes) upload.mutate(file);
              }}
            />
            <p id={`${id}-hint`} className="field__hint">
              {t('item.photoHint')}
            </p>
          </div>
          {item.imageUrl && (
            <Button type="button" variant="ghost" busy={remove.isPending} onClick={() => remove.mutate()}>
              {t('item.removePhoto')}
            </Button>
          )}
        </div>
      )}
      {upload.isPending && <p role="status">{t('loading')}</p>}
      {(upload.isError || remove.isError) && <Alert>{errorMessage(upload.error ?? remove.error)}</Alert>}
    </section>
  );
}
