import { ConsoleView } from '../components/console-view.js';
import { RealtimeProvider } from '../realtime/realtime-context.js';
import { useSignedIn } from '../session/session-context.js';

/** /console: the agent console as it always was, with its socket for the session. */
export function ConsoleWorkspace() {
  const { token } = useSignedIn();
  return (
    <RealtimeProvider token={token}>
      <ConsoleView />
    </RealtimeProvider>
  );
}
