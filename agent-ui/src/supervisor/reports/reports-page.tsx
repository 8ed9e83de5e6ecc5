// /supervisor/reports/*: the reports over past days (issue 17), one tab per report. Each tab is
// its own route so a link (or a test) opens a report directly.
import { Tabs } from 'antd';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useMessages } from '../../i18n/i18n-context.js';
import { AgentPerformanceTab } from './agent-performance-tab.js';
import { LinesIvrTab } from './lines-ivr-tab.js';
import { QueueIntervalsTab } from './queue-intervals-tab.js';
import { reportTabsMessages } from './reports-messages.js';

const TABS = ['queues', 'agents', 'lines'] as const;

export function ReportsPage() {
  const t = useMessages(reportTabsMessages);
  const navigate = useNavigate();
  const tab = useLocation().pathname.split('/')[3];
  return (
    <>
      <Tabs
        activeKey={TABS.find((k) => k === tab) ?? 'queues'}
        onChange={(key) => void navigate(`/supervisor/reports/${key}`)}
        items={TABS.map((key) => ({ key, label: t(key) }))}
      />
      <Routes>
        <Route index element={<Navigate to="queues" replace />} />
        <Route path="queues" element={<QueueIntervalsTab />} />
        <Route path="agents" element={<AgentPerformanceTab />} />
        <Route path="lines" element={<LinesIvrTab />} />
        <Route path="*" element={<Navigate to="queues" replace />} />
      </Routes>
    </>
  );
}
