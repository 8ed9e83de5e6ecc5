import type { PhoneSnapshot } from '../phone/phone-snapshot.js';
import { useI18n } from '../i18n/i18n-context.js';

export function RegistrationStatus({ state }: { state: PhoneSnapshot }) {
  const { t } = useI18n();
  const label =
    state.registration === 'registered'
      ? t('phoneRegistered')
      : state.registration === 'failed'
        ? t('phoneFailed')
        : state.registration === 'registering' || state.transport === 'connecting'
          ? t('phoneRegistering')
          : t('phoneUnregistered');
  return (
    <p
      role="status"
      className={`registration registration-${state.registration}`}
      data-testid="phone-registration"
      data-registration={state.registration}
    >
      <span className="dot" aria-hidden="true" /> {label}
    </p>
  );
}
