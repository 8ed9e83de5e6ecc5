import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useNavigate } from 'react-router';
import { ServerStateProvider } from './api/server-state.js';
import { I18nProvider, useI18n } from './i18n/i18n-context.js';
import { SessionProvider, useSession, useSignedIn } from './session/session-context.js';
import { LoginForm } from './components/login-form.js';
import { ConsoleWorkspace } from './console/console-workspace.js';
import { ChangePasswordForm } from './shell/change-password-form.js';
import { NoWorkspace } from './shell/no-workspace.js';
import { homePath, mayOpen, type Workspace } from './shell/workspaces.js';

// The admin workspace (and Ant Design with it) loads only when opened: agents never download it.
const AdminWorkspace = lazy(() => import('./admin/admin-workspace.js'));
const SupervisorWorkspace = lazy(() => import('./supervisor/supervisor-workspace.js'));
const MarketingWorkspace = lazy(() => import('./marketing/marketing-workspace.js'));

/** `/`, and any path outside the workspaces: the user's home workspace. */
function Home() {
  const { user } = useSignedIn();
  const home = homePath(user);
  return home ? <Navigate to={home} replace /> : <NoWorkspace />;
}

/** A workspace the user's roles do not open sends them home. */
function RequireWorkspace({ workspace, children }: { workspace: Workspace; children: ReactNode }) {
  const { user } = useSignedIn();
  return mayOpen(user, workspace) ? children : <Navigate to="/" replace />;
}

function Loading() {
  const { t } = useI18n();
  return <p role="status">{t('loading')}</p>;
}

function Shell() {
  const { session } = useSession();
  const navigate = useNavigate();
  // After a log-out the next user starts at / (their own home), not in the last one's screen.
  const signedIn = useRef(Boolean(session));
  useEffect(() => {
    if (signedIn.current && !session) void navigate('/', { replace: true });
    signedIn.current = Boolean(session);
  }, [session, navigate]);

  if (!session) return <LoginForm />;
  if (session.user.mustChangePassword) return <ChangePasswordForm />;
  return (
    <ServerStateProvider key={session.token}>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route
            path="/console/*"
            element={
              <RequireWorkspace workspace="console">
                <ConsoleWorkspace />
              </RequireWorkspace>
            }
          />
          <Route
            path="/supervisor/*"
            element={
              <RequireWorkspace workspace="supervisor">
                <SupervisorWorkspace />
              </RequireWorkspace>
            }
          />
          <Route
            path="/admin/*"
            element={
              <RequireWorkspace workspace="admin">
                <AdminWorkspace />
              </RequireWorkspace>
            }
          />
          <Route
            path="/marketing/*"
            element={
              <RequireWorkspace workspace="marketing">
                <MarketingWorkspace />
              </RequireWorkspace>
            }
          />
          <Route path="*" element={<Home />} />
        </Routes>
      </Suspense>
    </ServerStateProvider>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <I18nProvider>
        <SessionProvider>
          <Shell />
        </SessionProvider>
      </I18nProvider>
    </BrowserRouter>
  );
}
