import {
  Alert,
  App,
  Button,
  Drawer,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n, useMessages } from '../i18n/i18n-context.js';
import { useSignedIn } from '../session/session-context.js';
import { isAdmin } from '../shell/workspaces.js';
import type { Role } from '../api/types.js';
import { adminMessages } from './admin-messages.js';
import { useTeams, useUserMutations, useUsers, type AdminUser, type UserFilter } from './admin-api.js';
import { AgentForm, ROLES } from './agent-form.js';
import { toNewUser, toPatch, type AgentFormValues } from './people-form.js';
import { UserSecrets } from './user-secrets.js';
import { UsersImportDrawer } from './users-import.js';
import { usersImportMessages } from './users-import-messages.js';

/** A SIP password shown once (after create or reset), with a copy button. */
function SipPasswordModal({
  shown,
  onClose,
}: {
  shown: { extension: string; password: string } | null;
  onClose(): void;
}) {
  const t = useMessages(adminMessages);
  return (
    <Modal
      open={shown !== null}
      title={t('sipPassword')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('close')}</Button>}
      destroyOnHidden
    >
      {shown && (
        <>
          <p>{t('sipPasswordOnce', { extension: shown.extension })}</p>
          <Typography.Paragraph
            code
            copyable={{ text: shown.password, tooltips: [t('copy'), t('copy')] }}
            data-testid="sip-password"
          >
            {shown.password}
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}

export function AgentsPage() {
  const t = useMessages(adminMessages);
  const ti = useMessages(usersImportMessages);
  const { t: tc } = useI18n();
  const { user: me } = useSignedIn();
  const admin = isAdmin(me);
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [active, setActive] = useState<boolean | undefined>();
  // ?team= (the Skills page's team links) opens the list filtered to that team.
  const [params, setParams] = useSearchParams();
  const team = params.get('team') ?? undefined;
  const setTeam = (value: string | undefined) =>
    setParams(
      (p) => {
        if (value) p.set('team', value);
        else p.delete('team');
        return p;
      },
      { replace: true },
    );
  const filter: UserFilter = { q: search || undefined, role, active };
  const users = useUsers(filter);
  const teams = useTeams();
  const mutations = useUserMutations();
  const [drawer, setDrawer] = useState<{ kind: 'new' } | { kind: 'edit'; id: string } | null>(null);
  const [sip, setSip] = useState<{ extension: string; password: string } | null>(null);
  const [importing, setImporting] = useState(false);

  const rows = (users.data ?? []).filter((u) => !team || u.agent?.team === team);
  const editing = drawer?.kind === 'edit' ? users.data?.find((u) => u.id === drawer.id) : undefined;

  const create = async (values: AgentFormValues) => {
    const { user, sipPassword } = await mutations.create.mutateAsync(toNewUser(values));
    setDrawer(null);
    void message.success(t('agentCreated', { name: user.displayName }));
    if (sipPassword && user.agent) setSip({ extension: user.agent.extension, password: sipPassword });
  };
  const save = async (user: AdminUser, values: AgentFormValues) => {
    const patch = toPatch(user, values, !admin);
    if (Object.keys(patch).length === 0) {
      void message.info(t('nothingChanged'));
      return;
    }
    await mutations.update.mutateAsync({ id: user.id, patch });
    setDrawer(null);
    void message.success(t('saved'));
  };
  const toggleActive = (user: AdminUser) =>
    mutations.setActive.mutateAsync({ id: user.id, active: !user.active }).catch((err: Error) => {
      void message.error(t('errServer', { message: err.message }));
    });

  const columns: ColumnsType<AdminUser> = [
    { title: t('username'), dataIndex: 'username', sorter: (a, b) => a.username.localeCompare(b.username) },
    { title: t('displayName'), dataIndex: 'displayName' },
    {
      title: t('extension'),
      key: 'extension',
      render: (_, u) => u.agent?.extension ?? '—',
      sorter: (a, b) => (a.agent?.extension ?? '').localeCompare(b.agent?.extension ?? ''),
      defaultSortOrder: 'ascend',
    },
    {
      title: t('roles'),
      dataIndex: 'roles',
      render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{t(`role_${r}`)}</Tag>),
    },
    { title: t('team'), key: 'team', render: (_, u) => u.agent?.team ?? '—' },
    {
      title: t('skills'),
      key: 'skills',
      render: (_, u) => u.agent?.skills.map((s) => `${s.skill} ${s.proficiency}`).join(', ') || '—',
    },
    {
      title: t('status'),
      key: 'status',
      render: (_, u) => (
        <Space size={4} wrap>
          <Tag color={u.active ? 'green' : 'default'}>{u.active ? t('active') : t('disabled')}</Tag>
          {u.mustChangePassword && <Tag color="orange">{t('mustChangePassword')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('actions'),
      key: 'actions',
      render: (_, u) => (
        <Space>
          <Button
            size="small"
            onClick={() => setDrawer({ kind: 'edit', id: u.id })}
            aria-label={t('editAgent', { name: u.username })}
          >
            {t('edit')}
          </Button>
          {admin &&
            (u.active ? (
              <Popconfirm
                title={t('disableConfirm', { name: u.displayName })}
                okText={t('disable')}
                cancelText={t('cancel')}
                onConfirm={() => toggleActive(u)}
              >
                <Button size="small" danger>
                  {t('disable')}
                </Button>
              </Popconfirm>
            ) : (
              <Button size="small" onClick={() => void toggleActive(u)}>
                {t('enable')}
              </Button>
            ))}
        </Space>
      ),
    },
  ];

  return (
    <section aria-labelledby="admin-agents-title">
      <Typography.Title level={3} id="admin-agents-title">
        {t('navAgents')}
      </Typography.Title>
      {!admin && <Alert type="info" message={t('readOnly')} style={{ marginBottom: 16 }} />}
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label={t('search')}
          placeholder={t('search')}
          allowClear
          onSearch={setSearch}
          style={{ width: 240 }}
        />
        <Select<Role>
          aria-label={t('filterRole')}
          placeholder={t('anyRole')}
          allowClear
          value={role}
          onChange={setRole}
          options={ROLES.map((r) => ({ value: r, label: t(`role_${r}`) }))}
          style={{ width: 150 }}
        />
        <Select<string>
          aria-label={t('filterTeam')}
          placeholder={t('anyTeam')}
          allowClear
          value={team}
          onChange={setTeam}
          options={(teams.data ?? []).map((tm) => ({ value: tm.name, label: tm.name }))}
          style={{ width: 150 }}
        />
        <Select<'active' | 'disabled'>
          aria-label={t('filterStatus')}
          placeholder={t('anyStatus')}
          allowClear
          value={active === undefined ? undefined : active ? 'active' : 'disabled'}
          onChange={(v) => setActive(v === undefined ? undefined : v === 'active')}
          options={[
            { value: 'active', label: t('active') },
            { value: 'disabled', label: t('disabled') },
          ]}
          style={{ width: 150 }}
        />
        {admin && (
          <Button type="primary" onClick={() => setDrawer({ kind: 'new' })}>
            {t('newAgent')}
          </Button>
        )}
        {admin && <Button onClick={() => setImporting(true)}>{ti('import')}</Button>}
      </Space>
      {users.error && (
        <Alert
          type="error"
          role="alert"
          message={tc('error', { message: users.error.message })}
          action={<Button onClick={() => void users.refetch()}>{tc('retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<AdminUser>
        rowKey="id"
        size="middle"
        loading={users.isPending || users.isFetching}
        columns={columns}
        dataSource={rows}
        pagination={{
          pageSize: 50,
          hideOnSinglePage: true,
          showTotal: (count) => t('usersCount', { count }),
        }}
        footer={() => t('usersCount', { count: rows.length })}
        data-testid="agents-table"
      />
      <Drawer
        open={drawer !== null}
        onClose={() => setDrawer(null)}
        title={
          drawer?.kind === 'new'
            ? t('newAgent')
            : editing
              ? t('editAgent', { name: editing.displayName })
              : ''
        }
        width={560}
        destroyOnHidden
      >
        {drawer?.kind === 'new' && <AgentForm onSubmit={create} onCancel={() => setDrawer(null)} />}
        {editing && (
          <>
            <AgentForm
              key={editing.id}
              user={editing}
              onlySkills={!admin}
              onSubmit={(values) => save(editing, values)}
              onCancel={() => setDrawer(null)}
            />
            {admin && <UserSecrets user={editing} onSipPassword={setSip} />}
          </>
        )}
      </Drawer>
      <SipPasswordModal shown={sip} onClose={() => setSip(null)} />
      {admin && <UsersImportDrawer open={importing} onClose={() => setImporting(false)} />}
    </section>
  );
}
