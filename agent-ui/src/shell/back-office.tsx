// The frame every back-office workspace (administration, supervision, later marketing) shares:
// Ant Design in the app's language, a header with the user, language and log-out, and a side
// navigation. One place, so the workspaces look and behave alike.
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Space, Typography } from 'antd';
import type { ItemType } from 'antd/es/menu/interface';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { WorkspaceSwitcher } from './workspace-switcher.js';

/** Ant Design in the app's language (its own texts, date pickers and dayjs). */
export function BackOfficeProviders({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  useEffect(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  }, [locale]);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export interface BackOfficeLayoutProps {
  title: string;
  /** The side navigation's accessible name. */
  navLabel: string;
  navItems: ItemType[];
  selectedKey: string;
  /** Shown in the header before the user's name (e.g. the supervisor's phone). */
  headerExtra?: ReactNode;
  /** Hide header and navigation (the wallboard's TV mode). */
  bare?: boolean;
  testId?: string;
  children: ReactNode;
}

export function BackOfficeLayout(props: BackOfficeLayoutProps) {
  const { t: tc, locale, setLocale } = useI18n();
  const { user, logOut } = useSignedIn();
  if (props.bare) return <Layout style={{ minHeight: '100vh' }}>{props.children}</Layout>;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#fff', paddingInline: 24 }}
        data-testid={props.testId}
      >
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>
          {props.title}
        </Typography.Title>
        <WorkspaceSwitcher className="admin-workspace-switcher" />
        {props.headerExtra}
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
          <nav aria-label={props.navLabel}>
            <Menu
              mode="inline"
              selectedKeys={[props.selectedKey]}
              items={props.navItems}
              style={{ height: '100%' }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>{props.children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
