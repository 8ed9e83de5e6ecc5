import { ServerStateProvider } from './api/server-state.js';
import { I18nProvider } from './i18n/i18n-context.js';
import { SessionProvider, useSession } from './session/session-context.js';
import { RealtimeProvider } from './realtime/realtime-context.js';
import { LoginForm } from './components/login-form.js';
import { ConsoleView } from './components/console-view.js';

function Root() {
  const { session } = useSession();
  if (!session) return <LoginForm />;
  return (
    <ServerStateProvider key={session.token}>
      <RealtimeProvider token={session.token}>
        <ConsoleView />
      </RealtimeProvider>
    </ServerStateProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Root />
      </SessionProvider>
    </I18nProvider>
  );
}
