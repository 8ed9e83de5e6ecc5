import { Alert, AutoComplete, Button, Checkbox, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useMemo, useState } from 'react';
import { useMessages } from '../i18n/i18n-context.js';
import type { Role } from '../api/types.js';
import { adminMessages } from './admin-messages.js';
import { useSkills, useTeams, type AdminUser } from './admin-api.js';
import {
  extensionProblem,
  passwordProblem,
  proficiencyProblem,
  skillTwiceProblem,
  toFormValues,
  usernameProblem,
  type AgentFormValues,
  type Problem,
} from './people-form.js';
import { showServerError } from './server-error.js';

export const ROLES: Role[] = ['agent', 'supervisor', 'marketing', 'admin'];
const FIELDS = [
  'username',
  'displayName',
  'roles',
  'password',
  'extension',
  'team',
  'languages',
  'skills',
] as const;

/** An antd rule from a pure check (people-form.ts). */
const rule = (check: (value: unknown) => Problem | null, t: (key: Problem) => string) => ({
  validator: (_: unknown, value: unknown) => {
    const problem = check(value);
    return problem ? Promise.reject(new Error(t(problem))) : Promise.resolve();
  },
});

export interface AgentFormProps {
  /** The user edited; none when creating. */
  user?: AdminUser;
  /** A supervisor changes skills only. */
  onlySkills?: boolean;
  onSubmit(values: AgentFormValues): Promise<void>;
  onCancel(): void;
}

/** Create or edit a user and their agent part; checks as the server does, shows its refusals inline. */
export function AgentForm({ user, onlySkills = false, onSubmit, onCancel }: AgentFormProps) {
  const t = useMessages(adminMessages);
  const [form] = Form.useForm<AgentFormValues>();
  const [alert, setAlert] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const skills = useSkills();
  const teams = useTeams();
  const creating = !user;
  const locked = onlySkills;
  const hasAgent = creating || Boolean(user?.agent);

  const initialValues = useMemo<AgentFormValues>(
    () =>
      user
        ? toFormValues(user)
        : { username: '', displayName: '', roles: ['agent'], locale: 'zh-CN', skills: [] },
    [user],
  );
  const skillOptions = (skills.data ?? [])
    .filter((s) => s.kind !== 'language')
    .map((s) => ({ value: s.name, label: `${s.name}${s.description ? ` — ${s.description}` : ''}` }));
  const languageOptions = (skills.data ?? [])
    .filter((s) => s.kind === 'language')
    .map((s) => ({ value: s.name, label: s.description ?? s.name }));
  const teamOptions = (teams.data ?? []).map((team) => ({
    value: team.name,
    label: t('agentsInTeam', { team: team.name, count: team.agents }),
  }));

  const submit = async (values: AgentFormValues) => {
    setPending(true);
    setAlert(null);
    try {
      await onSubmit(values);
    } catch (err) {
      const rest = showServerError(form, err, FIELDS);
      if (rest) setAlert(t('errServer', { message: rest }));
    } finally {
      setPending(false);
    }
  };

  return (
    <Form<AgentFormValues>
      form={form}
      name={creating ? 'new-agent' : `agent-${user.id}`}
      layout="vertical"
      initialValues={initialValues}
      onFinish={submit}
      requiredMark={false}
    >
      {alert && <Alert type="error" showIcon message={alert} role="alert" style={{ marginBottom: 16 }} />}
      <Form.Item name="username" label={t('username')} rules={[rule((v) => usernameProblem(v as string), t)]}>
        <Input autoComplete="off" disabled={!creating} />
      </Form.Item>
      <Form.Item
        name="displayName"
        label={t('displayName')}
        rules={[rule((v) => (String(v ?? '').trim() ? null : 'errRequired'), t)]}
      >
        <Input autoComplete="off" disabled={locked} />
      </Form.Item>
      <Form.Item
        name="roles"
        label={t('roles')}
        rules={[rule((v) => ((v as Role[]).length ? null : 'errRequired'), t)]}
      >
        <Checkbox.Group disabled={locked} options={ROLES.map((r) => ({ value: r, label: t(`role_${r}`) }))} />
      </Form.Item>
      {creating && (
        <Form.Item
          name="password"
          label={t('password')}
          rules={[rule((v) => passwordProblem(v as string), t)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
      <Form.Item name="locale" label={t('locale')}>
        <Radio.Group
          disabled={locked}
          options={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en', label: 'English' },
          ]}
        />
      </Form.Item>
      {hasAgent && (
        <>
          <Form.Item
            name="extension"
            label={t('extension')}
            dependencies={['roles']}
            rules={[
              ({ getFieldValue }) =>
                rule(
                  (v) => (creating ? extensionProblem(v as string, getFieldValue('roles') as Role[]) : null),
                  t,
                ),
            ]}
          >
            <Input inputMode="numeric" autoComplete="off" disabled={!creating} />
          </Form.Item>
          <Form.Item name="team" label={t('team')}>
            <AutoComplete options={teamOptions} disabled={locked} allowClear filterOption />
          </Form.Item>
          <Form.Item name="languages" label={t('languages')}>
            <Select mode="tags" options={languageOptions} disabled={locked} tokenSeparators={[',', ' ']} />
          </Form.Item>
          <Form.List name="skills">
            {(rows, { add, remove }) => (
              <fieldset className="admin-skills">
                <legend>{t('skills')}</legend>
                {rows.map(({ key, name }) => (
                  <Space key={key} align="start" wrap>
                    <Form.Item
                      name={[name, 'skill']}
                      label={t('skill')}
                      rules={[
                        ({ getFieldValue }) =>
                          rule(
                            (v) =>
                              v
                                ? skillTwiceProblem(
                                    getFieldValue('skills') as AgentFormValues['skills'],
                                    name,
                                  )
                                : 'errRequired',
                            t,
                          ),
                      ]}
                    >
                      <Select showSearch options={skillOptions} style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item
                      name={[name, 'proficiency']}
                      label={t('proficiency')}
                      rules={[rule(proficiencyProblem, t)]}
                    >
                      <InputNumber min={1} max={5} precision={0} />
                    </Form.Item>
                    <Form.Item label=" ">
                      <Button onClick={() => remove(name)} aria-label={t('removeSkill', { n: name + 1 })}>
                        ×
                      </Button>
                    </Form.Item>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ proficiency: 3 })}>
                  {t('addSkill')}
                </Button>
              </fieldset>
            )}
          </Form.List>
        </>
      )}
      <Space style={{ marginTop: 24 }}>
        <Button type="primary" htmlType="submit" loading={pending}>
          {t('save')}
        </Button>
        <Button onClick={onCancel}>{t('cancel')}</Button>
      </Space>
    </Form>
  );
}
