import { useTranslation } from 'react-i18next';
import { Button, type ButtonProps } from '../../../components/ui/button';

type RowActionProps = Omit<ButtonProps, 'children' | 'aria-label' | 'type' | 'variant'> & {
  /** What the button does, as its visible words ("Edit", "Delete"). */
  action: string;
  /** What it acts on: a list of rows repeats the words, so screen readers hear "Edit: Table 4". */
  name: string;
};

/** A quiet button on one row of a list (a table, a staff member, a dish, a choice), named with the row it acts on. */
export function RowAction({ action, name, ...rest }: RowActionProps) {
  const { t } = useTranslation();
  return (
    <Button type="button" variant="ghost" aria-label={t('named', { action, name })} {...rest}>
      {action}
    </Button>
  );
}
