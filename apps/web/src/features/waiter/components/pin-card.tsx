import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';

/** The PIN as large as a phone can show it, to read across a table; the server cannot show it again. */
export function PinCard({ pin, onHide }: { pin: string; onHide: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="pin-card" aria-labelledby="pin-heading">
      <h2 id="pin-heading">{t('table.pin.heading')}</h2>
      <p className="pin-card__digits">{pin}</p>
      <p>{t('table.pin.tell')}</p>
      <Button variant="secondary" onClick={onHide}>
        {t('table.pin.hide')}
      </Button>
    </section>
  );
}
