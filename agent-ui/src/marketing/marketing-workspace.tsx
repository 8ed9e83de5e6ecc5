// /marketing/*: the marketing workspace (Ant Design, in its own chunk): call scripts designed on a
// canvas and versioned, cross-sell rules, A/B experiments and their conversion.
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { useMessages } from '../i18n/i18n-context.js';
import { BackOfficeLayout, BackOfficeProviders } from '../shell/back-office.js';
import { ConversionPage } from './conversion/conversion-page.js';
import { CustomersPage } from './customers/customers-page.js';
import { ExperimentsPage } from './experiments/experiments-page.js';
import { marketingMessages } from './marketing-messages.js';
import { RulesPage } from './rules/rules-page.js';
import { ScriptsPage } from './scripts/scripts-page.js';

function MarketingLayout() {
  const t = useMessages(marketingMessages);
  const section = useLocation().pathname.split('/')[2] ?? 'scripts';
  const items = [
    { key: 'scripts', label: <NavLink to="/marketing/scripts">{t('navScripts')}</NavLink> },
    { key: 'rules', label: <NavLink to="/marketing/rules">{t('navRules')}</NavLink> },
    { key: 'experiments', label: <NavLink to="/marketing/experiments">{t('navExperiments')}</NavLink> },
    { key: 'conversion', label: <NavLink to="/marketing/conversion">{t('navConversion')}</NavLink> },
    { key: 'customers', label: <NavLink to="/marketing/customers">{t('navCustomers')}</NavLink> },
  ];
  return (
    <BackOfficeLayout
      title={t('title')}
      navLabel={t('navigation')}
      navItems={items}
      selectedKey={section}
      testId="marketing-header"
    >
      <Routes>
        <Route index element={<Navigate to="scripts" replace />} />
        <Route path="scripts/*" element={<ScriptsPage />} />
        <Route path="rules/*" element={<RulesPage />} />
        <Route path="experiments/*" element={<ExperimentsPage />} />
        <Route path="conversion" element={<ConversionPage />} />
        <Route path="customers" element={<CustomersPage />} />
        <Route path="*" element={<Navigate to="scripts" replace />} />
      </Routes>
    </BackOfficeLayout>
  );
}

export default function MarketingWorkspace() {
  return (
    <BackOfficeProviders>
      <MarketingLayout />
    </BackOfficeProviders>
  );
}
