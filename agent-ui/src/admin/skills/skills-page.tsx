import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import { useSignedIn } from '../../session/session-context.js';
import { isAdmin } from '../../shell/workspaces.js';
import { useSkills, useTeams, type SkillView, type TeamView } from '../admin-api.js';
import { showServerError } from '../server-error.js';
import { useSkillMutations } from './skills-api.js';
import { skillsMessages } from './skills-messages.js';
import {
  SKILL_NAME_PATTERN,
  agentsOfTeam,
  nameLocked,
  proficiencyBars,
  skillFormValues,
  toNewSkill,
  toSkillPatch,
  type SkillFormValues,
} from './skill-form.js';

const FIELDS = ['name', 'description'] as const;

/** Five small bars: how many active agents hold the skill at proficiency 1 … 5. */
function Distribution({ skill }: { skill: SkillView }) {
  const t = useMessages(skillsMessages);
  const bars = proficiencyBars(skill.proficiencies);
  const label = bars.map((b) => t('proficiencyLevel', { level: b.level, count: b.count })).join(', ');
  return (
    <Tooltip title={label}>
      <span
        role="img"
        aria-label={label}
        data-testid={`proficiency-${skill.name}`}
        style={{ display: 'inline-flex', alignItems: 'flex-end', gap: 3, height: 24 }}
      >
        {bars.map((b) => (
          <span
            key={b.level}
            style={{
              width: 8,
              height: Math.max(2, Math.round(b.share * 22)),
              background: b.count ? '#1677ff' : '#d9d9d9',
              borderRadius: 1,
            }}
          />
        ))}
      </span>
    </Tooltip>
  );
}

function SkillForm({ skill, onDone }: { skill?: SkillView; onDone(): void }) {
  const t = useMessages(skillsMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<SkillFormValues>();
  const mutations = useSkillMutations();
  const [alert, setAlert] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const locked = skill ? nameLocked(skill) : false;

  const submit = async (values: SkillFormValues) => {
    setPending(true);
    setAlert(null);
    try {
      if (skill) {
        const patch = toSkillPatch(skill, values);
        if (Object.keys(patch).length === 0) {
          void message.info(t('nothingChanged'));
          onDone();
          return;
        }
        await mutations.update.mutateAsync({ id: skill.id, patch });
        void message.success(t('saved'));
      } else {
        const { skill: created } = await mutations.create.mutateAsync(toNewSkill(values));
        void message.success(t('created', { name: created.name }));
      }
      onDone();
    } catch (err) {
      // "skill x exists" (409) and a refused rename name the skill: shown under Name.
      const text = (err as Error).message;
      const rest = showServerError(form, err, FIELDS);
      if (rest && /skill/i.test(text)) form.setFields([{ name: 'name', errors: [text] }]);
      else if (rest) setAlert(t('errServer', { message: rest }));
    } finally {
      setPending(false);
    }
  };

  return (
    <Form<SkillFormValues>
      form={form}
      name={skill ? `skill-${skill.id}` : 'new-skill'}
      layout="vertical"
      requiredMark={false}
      initialValues={skill ? skillFormValues(skill) : { name: '', kind: 'skill', description: '' }}
      onFinish={submit}
    >
      {alert && <Alert type="error" showIcon role="alert" message={alert} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="name"
        label={t('name')}
        extra={locked ? t('nameLocked') : undefined}
        rules={[{ required: true, pattern: SKILL_NAME_PATTERN, message: t('errName') }]}
      >
        <Input disabled={locked} autoComplete="off" />
      </Form.Item>
      <Form.Item name="kind" label={t('kind')} extra={t('kindHint')}>
        <Select
          disabled={Boolean(skill)}
          options={(['skill', 'language'] as const).map((k) => ({ value: k, label: t(`kind_${k}`) }))}
        />
      </Form.Item>
      <Form.Item name="description" label={t('description')} rules={[{ max: 500 }]}>
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

export function SkillsPage() {
  const t = useMessages(skillsMessages);
  const { t: tc } = useI18n();
  const { user } = useSignedIn();
  const admin = isAdmin(user);
  const skills = useSkills();
  const teams = useTeams();
  const [drawer, setDrawer] = useState<{ kind: 'new' } | { kind: 'edit'; id: string } | null>(null);
  const editing = drawer?.kind === 'edit' ? skills.data?.find((s) => s.id === drawer.id) : undefined;

  const columns: ColumnsType<SkillView> = [
    {
      title: t('name'),
      dataIndex: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name),
      render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
    },
    {
      title: t('kind'),
      dataIndex: 'kind',
      filters: (['skill', 'language'] as const).map((k) => ({ text: t(`kind_${k}`), value: k })),
      onFilter: (value, s) => s.kind === value,
      render: (kind: 'skill' | 'language') => (
        <Tag color={kind === 'language' ? 'purple' : 'blue'}>{t(`kind_${kind}`)}</Tag>
      ),
    },
    { title: t('description'), dataIndex: 'description', render: (d: string | null) => d ?? '—' },
    {
      title: t('agents'),
      dataIndex: 'agents',
      sorter: (a, b) => a.agents - b.agents,
      align: 'right',
    },
    { title: t('proficiency'), key: 'proficiency', render: (_, s) => <Distribution skill={s} /> },
    {
      title: t('queues'),
      dataIndex: 'queues',
      render: (queues: string[]) =>
        queues.length ? (
          queues.map((q) => <Tag key={q}>{q}</Tag>)
        ) : (
          <Typography.Text type="secondary">{t('none')}</Typography.Text>
        ),
    },
    ...(admin
      ? [
          {
            title: t('actions'),
            key: 'actions',
            render: (_: unknown, s: SkillView) => (
              <Button
                size="small"
                onClick={() => setDrawer({ kind: 'edit', id: s.id })}
                aria-label={t('editSkill', { name: s.name })}
              >
                {t('edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const teamColumns: ColumnsType<TeamView> = [
    { title: t('team'), dataIndex: 'name' },
    { title: t('agents'), dataIndex: 'agents', align: 'right' },
    {
      title: t('actions'),
      key: 'link',
      render: (_, team) => <Link to={agentsOfTeam(team.name)}>{t('showAgents', { team: team.name })}</Link>,
    },
  ];

  const failed = skills.error ?? teams.error;
  return (
    <section aria-labelledby="admin-skills-title">
      <Typography.Title level={3} id="admin-skills-title">
        {t('title')}
      </Typography.Title>
      {!admin && <Alert type="info" message={t('readOnly')} style={{ marginBottom: 16 }} />}
      {failed && (
        <Alert
          type="error"
          role="alert"
          message={tc('error', { message: failed.message })}
          action={
            <Button onClick={() => void Promise.all([skills.refetch(), teams.refetch()])}>
              {tc('retry')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <section aria-labelledby="admin-skills-list">
        <Space style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 8 }}>
          <Typography.Title level={4} id="admin-skills-list" style={{ margin: 0 }}>
            {t('skillsTitle')}
          </Typography.Title>
          {admin && (
            <Button type="primary" onClick={() => setDrawer({ kind: 'new' })}>
              {t('newSkill')}
            </Button>
          )}
        </Space>
        <Table<SkillView>
          rowKey="id"
          size="middle"
          loading={skills.isPending}
          columns={columns}
          dataSource={skills.data ?? []}
          pagination={false}
          footer={() => t('skillsCount', { count: skills.data?.length ?? 0 })}
          data-testid="skills-table"
        />
      </section>
      <section aria-labelledby="admin-teams-list" style={{ marginTop: 32 }}>
        <Typography.Title level={4} id="admin-teams-list">
          {t('teamsTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('teamsHint')}</Typography.Paragraph>
        <Table<TeamView>
          rowKey="name"
          size="middle"
          loading={teams.isPending}
          columns={teamColumns}
          dataSource={teams.data ?? []}
          pagination={false}
          locale={{ emptyText: t('noTeams') }}
          data-testid="teams-table"
        />
      </section>
      <Drawer
        open={drawer !== null}
        onClose={() => setDrawer(null)}
        title={drawer?.kind === 'new' ? t('newSkill') : editing ? t('editSkill', { name: editing.name }) : ''}
        width={480}
        destroyOnHidden
      >
        {drawer?.kind === 'new' && <SkillForm onDone={() => setDrawer(null)} />}
        {editing && <SkillForm key={editing.id} skill={editing} onDone={() => setDrawer(null)} />}
      </Drawer>
    </section>
  );
}
