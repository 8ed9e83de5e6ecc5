import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { ApiError } from '../../api/api-client.js';
import { useI18n, useMessages, type Translate } from '../../i18n/i18n-context.js';
import { useSignedIn } from '../../session/session-context.js';
import { isAdmin } from '../../shell/workspaces.js';
import { useTeams } from '../admin-api.js';
import {
  useAgentOutbound,
  useDialRules,
  useOutboundCheck,
  useOutboundMutations,
  useRefusals,
  useTrunkOutbound,
  type AgentOutboundView,
  type DialRuleView,
  type OutboundRefusalView,
  type RefusalFilter,
  type TrunkOutboundView,
} from './outbound-api.js';
import { outboundMessages } from './outbound-messages.js';
import {
  DIAL_PATTERN,
  NEW_RULE,
  SCOPES,
  capValue,
  checkLines,
  ruleErrorField,
  ruleFormValues,
  sortRules,
  toNewRule,
  toRulePatch,
  type RuleFormValues,
} from './outbound-view.js';

type T = Translate<keyof (typeof outboundMessages)['en']>;

const REASONS = [
  'logged_out',
  'international',
  'premium_rate',
  'shared_cost',
  'number_type',
  'invalid_number',
  'not_permitted',
  'denied_by_rule',
  'agent_hourly_cap',
  'trunk_hourly_cap',
  'policy_unavailable',
] as const;

function reasonLabel(t: T, reason: string): string {
  return (REASONS as readonly string[]).includes(reason)
    ? t(`reason_${reason as (typeof REASONS)[number]}`)
    : reason;
}

/** Who a rule may apply to, per scope: agents by extension, teams and trunks by name. */
function useTargets() {
  const t = useMessages(outboundMessages);
  const agents = useAgentOutbound();
  const teams = useTeams();
  const trunks = useTrunkOutbound();
  return {
    agent: (agents.data ?? []).map((a) => ({
      value: a.extension,
      label: a.team ? t('targetAgent', { extension: a.extension, team: a.team }) : a.extension,
    })),
    team: (teams.data ?? []).map((tm) => ({ value: tm.name, label: tm.name })),
    trunk: (trunks.data ?? []).map((tr) => ({ value: tr.name, label: tr.name })),
  };
}

function RuleForm({ rule, onDone }: { rule?: DialRuleView; onDone(): void }) {
  const t = useMessages(outboundMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleFormValues>();
  const mutations = useOutboundMutations();
  const targets = useTargets();
  const scope = Form.useWatch('scope', form) ?? rule?.scope ?? NEW_RULE.scope;
  const [alert, setAlert] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (values: RuleFormValues) => {
    setPending(true);
    setAlert(null);
    try {
      if (rule) {
        const patch = toRulePatch(rule, values);
        if (Object.keys(patch).length === 0) {
          void message.info(t('nothingChanged'));
          onDone();
          return;
        }
        await mutations.updateRule.mutateAsync({ id: rule.id, patch });
      } else {
        await mutations.createRule.mutateAsync(toNewRule(values));
      }
      void message.success(t('saved'));
      onDone();
    } catch (err) {
      const text = (err as Error).message;
      const field = err instanceof ApiError && err.status === 400 ? ruleErrorField(err.code, text) : null;
      if (field) form.setFields([{ name: field, errors: [text] }]);
      else setAlert(t('errServer', { message: text }));
    } finally {
      setPending(false);
    }
  };

  return (
    <Form<RuleFormValues>
      form={form}
      name={rule ? `rule-${rule.id}` : 'new-rule'}
      layout="vertical"
      requiredMark={false}
      initialValues={rule ? ruleFormValues(rule) : NEW_RULE}
      onFinish={submit}
    >
      {alert && <Alert type="error" showIcon role="alert" message={alert} style={{ marginBottom: 16 }} />}
      <Form.Item name="scope" label={t('scope')}>
        <Select
          disabled={Boolean(rule)}
          options={SCOPES.map((s) => ({ value: s, label: t(`scope_${s}`) }))}
          onChange={() => form.setFieldValue('target', '')}
        />
      </Form.Item>
      <Form.Item name="target" label={t('target')} rules={[{ required: true, message: t('errTarget') }]}>
        <Select showSearch disabled={Boolean(rule)} options={targets[scope]} optionFilterProp="label" />
      </Form.Item>
      <Form.Item
        name="pattern"
        label={t('pattern')}
        extra={t('patternHint')}
        rules={[{ required: true, pattern: DIAL_PATTERN, message: t('errPattern') }]}
      >
        <Input autoComplete="off" placeholder="+86139*" />
      </Form.Item>
      <Form.Item name="action" label={t('action')}>
        <Radio.Group
          optionType="button"
          options={(['allow', 'deny'] as const).map((a) => ({ value: a, label: t(`action_${a}`) }))}
        />
      </Form.Item>
      <Form.Item name="note" label={t('note')} rules={[{ max: 500 }]}>
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={pending}>
          {t('save')}
        </Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </Space>
    </Form>
  );
}

function RulesSection({ admin }: { admin: boolean }) {
  const t = useMessages(outboundMessages);
  const { t: tc } = useI18n();
  const { message } = App.useApp();
  const rules = useDialRules();
  const mutations = useOutboundMutations();
  const [drawer, setDrawer] = useState<{ kind: 'new' } | { kind: 'edit'; rule: DialRuleView } | null>(null);
  const rows = sortRules(rules.data ?? []);

  const remove = (rule: DialRuleView) =>
    mutations.deleteRule
      .mutateAsync(rule.id)
      .then(() => message.success(t('deleted')))
      .catch((err: Error) => message.error(t('errServer', { message: err.message })));

  const columns: ColumnsType<DialRuleView> = [
    { title: t('scope'), dataIndex: 'scope', render: (s: DialRuleView['scope']) => t(`scope_${s}`) },
    { title: t('target'), dataIndex: 'target' },
    {
      title: t('pattern'),
      dataIndex: 'pattern',
      render: (p: string) => <Typography.Text code>{p}</Typography.Text>,
    },
    {
      title: t('action'),
      dataIndex: 'action',
      render: (a: DialRuleView['action']) => (
        <Tag color={a === 'allow' ? 'green' : 'red'}>{t(`action_${a}`)}</Tag>
      ),
    },
    { title: t('note'), dataIndex: 'note', render: (n: string | null) => n ?? '—' },
    ...(admin
      ? [
          {
            title: t('actions'),
            key: 'actions',
            render: (_: unknown, r: DialRuleView) => (
              <Space>
                <Button
                  size="small"
                  aria-label={t('editRule', { pattern: r.pattern })}
                  onClick={() => setDrawer({ kind: 'edit', rule: r })}
                >
                  {t('edit')}
                </Button>
                <Popconfirm
                  title={t('deleteConfirm', {
                    action: t(`action_${r.action}`),
                    pattern: r.pattern,
                    scope: t(`scope_${r.scope}`),
                    target: r.target,
                  })}
                  okText={t('delete')}
                  cancelText={t('cancel')}
                  onConfirm={() => remove(r)}
                >
                  <Button size="small" danger aria-label={t('deleteRule', { pattern: r.pattern })}>
                    {t('delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <section aria-labelledby="outbound-rules-title">
      <Space style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={4} id="outbound-rules-title" style={{ margin: 0 }}>
          {t('rulesTitle')}
        </Typography.Title>
        {admin && (
          <Button type="primary" onClick={() => setDrawer({ kind: 'new' })}>
            {t('newRule')}
          </Button>
        )}
      </Space>
      {rules.error && (
        <Alert
          type="error"
          role="alert"
          message={tc('error', { message: rules.error.message })}
          action={<Button onClick={() => void rules.refetch()}>{tc('retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<DialRuleView>
        rowKey="id"
        size="middle"
        loading={rules.isPending}
        columns={columns}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('noRules') }}
        footer={() => t('rulesCount', { count: rows.length })}
        data-testid="dial-rules-table"
      />
      <Drawer
        open={drawer !== null}
        onClose={() => setDrawer(null)}
        title={drawer?.kind === 'edit' ? t('editRule', { pattern: drawer.rule.pattern }) : t('newRule')}
        width={480}
        destroyOnHidden
      >
        {drawer && (
          <RuleForm
            key={drawer.kind === 'edit' ? drawer.rule.id : 'new'}
            {...(drawer.kind === 'edit' && { rule: drawer.rule })}
            onDone={() => setDrawer(null)}
          />
        )}
      </Drawer>
    </section>
  );
}

function Tester() {
  const t = useMessages(outboundMessages);
  const targets = useTargets();
  const check = useOutboundCheck();
  const [form] = Form.useForm<{ number: string; extension: string; trunk?: string }>();
  const result = check.data;

  const line = (l: ReturnType<typeof checkLines>[number]) => {
    const vars = { ...l.vars };
    if (l.key === 'checkRefused') vars.reason = reasonLabel(t, String(vars.reason));
    if (l.key === 'decided_rule') {
      vars.scope = t(`scope_${vars.scope as DialRuleView['scope']}`);
      vars.action = t(`action_${vars.action as DialRuleView['action']}`);
    }
    return t(l.key, vars);
  };

  return (
    <section aria-labelledby="outbound-tester-title" style={{ marginTop: 32 }}>
      <Typography.Title level={4} id="outbound-tester-title">
        {t('testerTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('testerHint')}</Typography.Paragraph>
      <Form
        form={form}
        name="outbound-check"
        layout="inline"
        requiredMark={false}
        onFinish={(values) =>
          check.mutate({
            number: values.number,
            extension: values.extension,
            ...(values.trunk && { trunk: values.trunk }),
          })
        }
      >
        <Form.Item name="number" label={t('number')} rules={[{ required: true }]}>
          <Input placeholder="+8613800138000" autoComplete="off" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="extension" label={t('agent')} rules={[{ required: true }]}>
          <Select showSearch options={targets.agent} optionFilterProp="label" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="trunk" label={t('trunk')}>
          <Select allowClear placeholder={t('defaultTrunk')} options={targets.trunk} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={check.isPending}>
            {t('check')}
          </Button>
        </Form.Item>
      </Form>
      {check.error && (
        <Alert
          type="error"
          role="alert"
          style={{ marginTop: 12 }}
          message={t('errServer', { message: check.error.message })}
        />
      )}
      {result && !check.error && (
        <Alert
          style={{ marginTop: 12 }}
          type={result.allowed ? 'success' : 'error'}
          showIcon
          data-testid="outbound-check-result"
          message={line(checkLines(result)[0]!)}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 16 }}>
              {checkLines(result)
                .slice(1)
                .map((l) => (
                  <li key={l.key}>{line(l)}</li>
                ))}
            </ul>
          }
        />
      )}
    </section>
  );
}

/** An hourly cap: a number input and Save (admins), or the value (supervisors). */
function CapCell({
  value,
  label,
  admin,
  onSave,
}: {
  value: number | null;
  label: string;
  admin: boolean;
  onSave(cap: number | null): Promise<unknown>;
}) {
  const t = useMessages(outboundMessages);
  const [draft, setDraft] = useState<number | null>(value);
  const [pending, setPending] = useState(false);
  if (!admin) return <>{value ?? t('noCap')}</>;
  const changed = capValue(draft) !== value;
  return (
    <Space size={4}>
      <InputNumber<number>
        aria-label={label}
        min={0}
        max={100000}
        precision={0}
        placeholder={t('noCap')}
        value={draft}
        onChange={(v) => setDraft(v)}
        style={{ width: 110 }}
      />
      <Button
        size="small"
        disabled={!changed}
        loading={pending}
        onClick={() => {
          setPending(true);
          void onSave(capValue(draft)).finally(() => setPending(false));
        }}
      >
        {t('save')}
      </Button>
    </Space>
  );
}

function CapsSection({ admin }: { admin: boolean }) {
  const t = useMessages(outboundMessages);
  const { message } = App.useApp();
  const agents = useAgentOutbound();
  const trunks = useTrunkOutbound();
  const mutations = useOutboundMutations();
  const failed = (err: Error) => message.error(t('errServer', { message: err.message }));
  const saved = () => message.success(t('saved'));

  const agentColumns: ColumnsType<AgentOutboundView> = [
    { title: t('extension'), dataIndex: 'extension' },
    { title: t('team'), dataIndex: 'team', render: (v: string | null) => v ?? '—' },
    {
      title: t('mayDialOut'),
      dataIndex: 'mayDialOut',
      render: (may: boolean, a) => (
        <Switch
          checked={may}
          disabled={!admin}
          aria-label={t('mayDialOutOf', { extension: a.extension })}
          onChange={(next) =>
            void mutations.setAgent
              .mutateAsync({ extension: a.extension, change: { mayDialOut: next } })
              .then(saved, failed)
          }
        />
      ),
    },
    {
      title: t('callsPerHour'),
      key: 'cap',
      render: (_, a) => (
        <CapCell
          key={`${a.extension}-${a.callsPerHour}`}
          value={a.callsPerHour}
          label={t('capOf', { name: a.extension })}
          admin={admin}
          onSave={(cap) =>
            mutations.setAgent
              .mutateAsync({ extension: a.extension, change: { callsPerHour: cap } })
              .then(saved, failed)
          }
        />
      ),
    },
    { title: t('thisHour'), dataIndex: 'callsThisHour', align: 'right' },
  ];
  const trunkColumns: ColumnsType<TrunkOutboundView> = [
    { title: t('trunkName'), dataIndex: 'name' },
    {
      title: t('callsPerHour'),
      key: 'cap',
      render: (_, tr) => (
        <CapCell
          key={`${tr.name}-${tr.callsPerHour}`}
          value={tr.callsPerHour}
          label={t('capOf', { name: tr.name })}
          admin={admin}
          onSave={(cap) =>
            mutations.setTrunk.mutateAsync({ name: tr.name, callsPerHour: cap }).then(saved, failed)
          }
        />
      ),
    },
    { title: t('thisHour'), dataIndex: 'callsThisHour', align: 'right' },
  ];

  return (
    <section aria-labelledby="outbound-caps-title" style={{ marginTop: 32 }}>
      <Typography.Title level={4} id="outbound-caps-title">
        {t('capsTitle')}
      </Typography.Title>
      <Typography.Title level={5}>{t('trunksCaps')}</Typography.Title>
      <Table<TrunkOutboundView>
        rowKey="trunkId"
        size="small"
        loading={trunks.isPending}
        columns={trunkColumns}
        dataSource={trunks.data ?? []}
        pagination={false}
        data-testid="trunk-caps-table"
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('agentsCaps')}
      </Typography.Title>
      <Table<AgentOutboundView>
        rowKey="agentId"
        size="small"
        loading={agents.isPending}
        columns={agentColumns}
        dataSource={agents.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="agent-caps-table"
      />
    </section>
  );
}

function RefusalsSection() {
  const t = useMessages(outboundMessages);
  const { dateTime } = useI18n();
  const [filter, setFilter] = useState<RefusalFilter>({});
  const refusals = useRefusals(filter);
  const rows = refusals.data ?? [];
  const columns: ColumnsType<OutboundRefusalView> = [
    { title: t('at'), dataIndex: 'at', render: (at: string) => dateTime(at), width: 170 },
    { title: t('agent'), dataIndex: 'extension' },
    {
      title: t('dialled'),
      key: 'number',
      render: (_, r) => (r.e164 && r.e164 !== r.number ? `${r.number} (${r.e164})` : r.number),
    },
    { title: t('reason'), dataIndex: 'reason', render: (reason: string) => reasonLabel(t, reason) },
    {
      title: t('rule'),
      dataIndex: 'rulePattern',
      render: (p: string | null) => (p ? <Typography.Text code>{p}</Typography.Text> : '—'),
    },
    { title: t('trunkName'), dataIndex: 'trunkName', render: (v: string | null) => v ?? '—' },
    {
      title: t('kind'),
      dataIndex: 'kind',
      render: (k: string) => (k === 'call' || k === 'transfer' ? t(`kind_${k}`) : k),
    },
  ];
  return (
    <section aria-labelledby="outbound-refusals-title" style={{ marginTop: 32 }}>
      <Typography.Title level={4} id="outbound-refusals-title">
        {t('refusalsTitle')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }} role="search" aria-label={t('refusalsTitle')}>
        <Input.Search
          aria-label={t('filterAgent')}
          placeholder={t('filterAgent')}
          allowClear
          onSearch={(v) => setFilter((f) => ({ ...f, extension: v.trim() || undefined }))}
          style={{ width: 180 }}
        />
        <Select<string>
          aria-label={t('reason')}
          placeholder={t('anyReason')}
          allowClear
          value={filter.reason}
          onChange={(v) => setFilter((f) => ({ ...f, reason: v }))}
          options={REASONS.map((r) => ({ value: r, label: t(`reason_${r}`) }))}
          style={{ width: 200 }}
        />
        <Select<'call' | 'transfer'>
          aria-label={t('kind')}
          placeholder={t('anyKind')}
          allowClear
          value={filter.kind}
          onChange={(v) => setFilter((f) => ({ ...f, kind: v }))}
          options={(['call', 'transfer'] as const).map((k) => ({ value: k, label: t(`kind_${k}`) }))}
          style={{ width: 140 }}
        />
      </Space>
      <Table<OutboundRefusalView>
        rowKey="id"
        size="small"
        loading={refusals.isPending || refusals.isFetching}
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 25, hideOnSinglePage: true }}
        footer={() => t('refusalsCount', { count: rows.length })}
        data-testid="refusals-table"
      />
    </section>
  );
}

export function OutboundPage() {
  const t = useMessages(outboundMessages);
  const { user } = useSignedIn();
  const admin = isAdmin(user);
  return (
    <section aria-labelledby="admin-outbound-title">
      <Typography.Title level={3} id="admin-outbound-title">
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('intro')}
      </Typography.Paragraph>
      {!admin && <Alert type="info" message={t('readOnly')} style={{ marginBottom: 16 }} />}
      <RulesSection admin={admin} />
      <Tester />
      <CapsSection admin={admin} />
      <RefusalsSection />
    </section>
  );
}
