// /admin/*: the administration workspace (Ant Design, in its own chunk). Admins manage people,
// trunks and read the audit log; supervisors see agents read-only and edit their skills.
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { useMessages } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { BackOfficeLayout, BackOfficeProviders } from '../shell/back-office.js';
import { isAdmin } from '../shell/workspaces.js';
import { adminMessages } from './admin-messages.js';
import { AgentsPage } from './agents-page.js';
import { AuditPage } from './audit-page.js';
import { TrunksPage } from './trunks-page.js';
import { ConfigPage } from './config/config-page.js';
import { configMessages } from './config/config-messages.js';
import { QueuesPage } from './queues/queues-page.js';
import { CodesPage } from './queues/codes-page.js';
import { queuesMessages } from './queues/queues-messages.js';
import { SkillsPage } from './skills/skills-page.js';
import { skillsMessages } from './skills/skills-messages.js';
import { OutboundPage } from './outbound/outbound-page.js';
import { outboundMessages } from './outbound/outbound-messages.js';
import { LinesPage } from './lines/lines-page.js';
import { IvrFlowsPage } from './lines/ivr-flows-page.js';
import { linesMessages } from './lines/lines-messages.js';

function AdminLayout() {
  const t = useMessages(adminMessages);
  const tConfig = useMessages(configMessages);
  const tQueues = useMessages(queuesMessages);
  const tSkills = useMessages(skillsMessages);
  const tOutbound = useMessages(outboundMessages);
  const tLines = useMessages(linesMessages);
  const { user } = useSignedIn();
  const admin = isAdmin(user);
  const { pathname } = useLocation();
  const section = pathname.split('/')[2] ?? 'agents';
  const items = [
    { key: 'agents', label: <NavLink to="/admin/agents">{t('navAgents')}</NavLink> },
    { key: 'skills', label: <NavLink to="/admin/skills">{tSkills('navSkills')}</NavLink> },
    { key: 'queues', label: <NavLink to="/admin/queues">{tQueues('navQueues')}</NavLink> },
    { key: 'codes', label: <NavLink to="/admin/codes">{tQueues('navCodes')}</NavLink> },
    { key: 'lines', label: <NavLink to="/admin/lines">{tLines('navLines')}</NavLink> },
    { key: 'ivr-flows', label: <NavLink to="/admin/ivr-flows">{tLines('navFlows')}</NavLink> },
    { key: 'outbound', label: <NavLink to="/admin/outbound">{tOutbound('navOutbound')}</NavLink> },
    ...(admin
      ? [
          { key: 'trunks', label: <NavLink to="/admin/trunks">{t('navTrunks')}</NavLink> },
          { key: 'audit', label: <NavLink to="/admin/audit">{t('navAudit')}</NavLink> },
          { key: 'config', label: <NavLink to="/admin/config">{tConfig('nav')}</NavLink> },
        ]
      : []),
  ];
  return (
    <BackOfficeLayout
      title={t('title')}
      navLabel={t('navigation')}
      navItems={items}
      selectedKey={section}
      testId="admin-header"
    >
      <Routes>
        <Route index element={<Navigate to="agents" replace />} />
        <Route path="agents" element={<AgentsPage />} />
        <Route path="skills" element={<SkillsPage />} />
        <Route path="queues" element={<QueuesPage />} />
        <Route path="codes" element={<CodesPage />} />
        <Route path="lines" element={<LinesPage />} />
        <Route path="ivr-flows" element={<IvrFlowsPage />} />
        <Route path="outbound" element={<OutboundPage />} />
        {admin && <Route path="trunks" element={<TrunksPage />} />}
        {admin && <Route path="audit" element={<AuditPage />} />}
        {admin && <Route path="config" element={<ConfigPage />} />}
        <Route path="*" element={<Navigate to="agents" replace />} />
      </Routes>
    </BackOfficeLayout>
  );
}

export default function AdminWorkspace() {
  return (
    <BackOfficeProviders>
      <AdminLayout />
    </BackOfficeProviders>
  );
}
