// /admin/*: the administration workspace (Ant Design, in its own chunk). Admins manage people,
// trunks and read the audit log; supervisors see agents read-only and edit their skills.
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Space, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { WorkspaceSwitcher } from '../shell/workspace-switcher.js';
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
  const { t: tc, locale, setLocale } = useI18n();
  const { user, logOut } = useSignedIn();
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
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#fff', paddingInline: 24 }}
        data-testid="admin-header"
      >
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>
          {t('title')}
        </Typography.Title>
        <WorkspaceSwitcher className="admin-workspace-switcher" />
        <Space>
          <span data-testid="signed-in-user">{user.displayName}</span>
          <Button
            data-testid="language-switch"
            aria-label={`${tc('language')}: ${tc('otherLanguage')}`}
            lang={locale === 'en' ? 'zh-CN' : 'en'}
            onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
          >
            {tc('otherLanguage')}
          </Button>
          <Button onClick={logOut} data-testid="log-out">
            {tc('logOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light">
          <nav aria-label={t('navigation')}>
            <Menu mode="inline" selectedKeys={[section]} items={items} style={{ height: '100%' }} />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
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
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** Ant Design in the app's language (its own texts, date pickers and dayjs). */
export default function AdminWorkspace() {
  const { locale } = useI18n();
  useEffect(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS}>
      <AntApp>
        <AdminLayout />
      </AntApp>
    </ConfigProvider>
  );
}
