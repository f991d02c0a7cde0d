import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { Category } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/error-message';
import { adminKeys } from '../api/admin-keys';
import { fieldErrors } from '../api/field-errors';
import { createCategory, updateCategory } from '../api/menu-api';

type Props = { categories: Category[]; selected: string | undefined; canEdit: boolean };

/**
 * The menu's categories in the order guests see them. An admin reorders them by dragging a handle (pointer or,
 * with dnd-kit's keyboard sensor, space and the arrow keys) or with each row's up and down buttons; every move is
 * announced. The new order is shown at once and saved as each category's position.
 */
export function CategoryList({ categories, selected, canEdit }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [announcement, setAnnouncement] = useState('');
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const reorder = useMutation({
    mutationFn: async (ordered: Category[]) => {
      const moved = ordered.filter((c, index) => c.position !== index);
      await Promise.all(moved.map((c) => updateCategory(c.id, { position: ordered.indexOf(c) })));
    },
    onMutate: (ordered) => {
      queryClient.setQueryData(
        adminKeys.categories,
        ordered.map((c, position) => ({ ...c, position })),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKeys.categories }),
  });

  const nameOf = (id: string | number) => categories.find((c) => c.id === id)?.name ?? '';
  const positionOf = (id: string | number | undefined) => categories.findIndex((c) => c.id === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('menu.dragStart', { name: nameOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over ? t('menu.dragOver', { name: nameOf(active.id), position: positionOf(over.id) }) : undefined,
    onDragEnd: ({ active, over }) =>
      t('menu.dragEnd', { name: nameOf(active.id), position: positionOf(over?.id ?? active.id) }),
    onDragCancel: ({ active }) => t('menu.dragCancel', { name: nameOf(active.id) }),
  };

  function move(from: number, to: number) {
    if (to < 0 || to >= categories.length) return;
    const ordered = arrayMove(categories, from, to);
    reorder.mutate(ordered);
    setAnnouncement(t('menu.moved', { name: categories[from]!.name, position: to + 1, count: categories.length }));
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    move(positionOf(active.id) - 1, positionOf(over.id) - 1);
  }

  return (
    <section className="card admin__categories" aria-labelledby="categories-title">
      <h2 id="categories-title">{t('menu.categories')}</h2>
      {canEdit && categories.length > 1 && <p className="field__hint">{t('menu.categoriesHint')}</p>}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('menu.categoriesHint') } }}
      >
        <SortableContext items={categories.map((c) => c.id)} strategy={verticalListSortingStrategy}>
          <ol className="admin__category-list" aria-labelledby="categories-title">
            {categories.map((category, index) => (
              <CategoryRow
                key={category.id}
                category={category}
                active={category.id === selected}
                canEdit={canEdit}
                first={index === 0}
                last={index === categories.length - 1}
                onMove={(step) => move(index, index + step)}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {reorder.isError && <Alert>{errorMessage(reorder.error)}</Alert>}
      {canEdit && <NewCategory />}
    </section>
  );
}

type RowProps = {
  category: Category;
  active: boolean;
  canEdit: boolean;
  first: boolean;
  last: boolean;
  onMove: (step: -1 | 1) => void;
};

function CategoryRow({ category, active, canEdit, first, last, onMove }: RowProps) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: category.id,
    disabled: !canEdit,
  });

  return (
    <li
      ref={setNodeRef}
      className="admin__category"
      data-dragging={isDragging || undefined}
      style={{ transform: CSS.Transform.toString(transform), transition }}
    >
      {canEdit && (
        <button
          type="button"
          ref={setActivatorNodeRef}
          className="admin__handle"
          aria-label={t('menu.dragHandle', { name: category.name })}
          {...attributes}
          {...listeners}
        >
          <svg viewBox="0 0 20 20" aria-hidden="true">
            {[5, 10, 15].flatMap((y) => [7, 13].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.6" />))}
          </svg>
        </button>
      )}
      <Link
        to={`/admin/menu?category=${category.id}`}
        className="admin__category-link"
        aria-current={active ? 'page' : undefined}
      >
        {category.name}
      </Link>
      {canEdit && (
        <span className="admin__move">
          <Button
            type="button"
            variant="ghost"
            disabled={first}
            aria-label={t('menu.moveUp', { name: category.name })}
            onClick={() => onMove(-1)}
          >
            ↑
          </Button>
          <Button
            type="button"
            variant="ghost"
            disabled={last}
            aria-label={t('menu.moveDown', { name: category.name })}
            onClick={() => onMove(1)}
          >
            ↓
          </Button>
        </span>
      )}
    </li>
  );
}

function NewCategory() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const add = useMutation({
    mutationFn: createCategory,
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: adminKeys.categories });
    },
  });
  const errors = fieldErrors(add.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate({ name });
  }

  return (
    <form className="admin__inline" onSubmit={submit}>
      <TextField
        label={t('menu.newCategory')}
        name="category-name"
        value={name}
        maxLength={80}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
      />
      {add.isError && !errors.name && <Alert>{errorMessage(add.error)}</Alert>}
      <Button type="submit" variant="secondary" busy={add.isPending} disabled={name.trim() === ''}>
        {t('menu.addCategory')}
      </Button>
    </form>
  );
}
