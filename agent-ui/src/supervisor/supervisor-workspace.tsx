// /supervisor/*: the supervision workspace (Ant Design, in its own chunk). One socket to the
// supervisors' room feeds every page; the supervisor's phone lives in the header so monitoring
// works from any page.
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { useMessages } from '../i18n/i18n-context.js';
import { BackOfficeLayout, BackOfficeProviders } from '../shell/back-office.js';
import { AgentsPage } from './agents-page.js';
import { AlertNotifier, AlertsNavLabel } from './alert-notifier.js';
import { AlertsPage } from './alerts-page.js';
import { BoardProvider } from './board-context.js';
import { LiveCallsPage } from './live-calls-page.js';
import { ReportsPage } from './reports/reports-page.js';
import { SupervisorPhone } from './supervisor-phone.js';
import { supervisorMessages } from './supervisor-messages.js';
import { WallboardPage } from './wallboard-page.js';

function SupervisorLayout() {
  const t = useMessages(supervisorMessages);
  const { pathname, search } = useLocation();
  const section = pathname.split('/')[2] ?? 'wallboard';
  // TV mode: the wallboard alone, full screen, readable across a room.
  const tv = section === 'wallboard' && new URLSearchParams(search).has('tv');
  const items = [
    { key: 'wallboard', label: <NavLink to="/supervisor/wallboard">{t('navWallboard')}</NavLink> },
    { key: 'agents', label: <NavLink to="/supervisor/agents">{t('navAgents')}</NavLink> },
    { key: 'calls', label: <NavLink to="/supervisor/calls">{t('navCalls')}</NavLink> },
    {
      key: 'alerts',
      label: (
        <NavLink to="/supervisor/alerts">
          <AlertsNavLabel label={t('navAlerts')} />
        </NavLink>
      ),
    },
    { key: 'reports', label: <NavLink to="/supervisor/reports">{t('navReports')}</NavLink> },
  ];
  return (
    <BackOfficeLayout
      title={t('title')}
      navLabel={t('navigation')}
      navItems={items}
      selectedKey={section}
      headerExtra={<SupervisorPhone />}
      bare={tv}
      testId="supervisor-header"
    >
      <AlertNotifier />
      <Routes>
        <Route index element={<Navigate to="wallboard" replace />} />
        <Route path="wallboard" element={<WallboardPage />} />
        <Route path="agents/*" element={<AgentsPage />} />
        <Route path="calls" element={<LiveCallsPage />} />
        <Route path="alerts" element={<AlertsPage />} />
        <Route path="reports/*" element={<ReportsPage />} />
        <Route path="*" element={<Navigate to="wallboard" replace />} />
      </Routes>
    </BackOfficeLayout>
  );
}

export default function SupervisorWorkspace() {
  return (
    <BackOfficeProviders>
      <BoardProvider>
        <SupervisorLayout />
      </BoardProvider>
    </BackOfficeProviders>
  );
}
