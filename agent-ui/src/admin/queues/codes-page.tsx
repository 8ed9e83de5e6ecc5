// /admin/codes: not-ready reason codes and dispositions, each an editable table (code, 中文,
// English) saved whole. Admins edit; supervisors read.
import { Alert, App, Button, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { AdminCodeList } from '@kefu/cti-server/contract';
import { useMessages } from '../../i18n/i18n-context.js';
import { useSignedIn } from '../../session/session-context.js';
import { isAdmin } from '../../shell/workspaces.js';
import { CODE_PATTERN, duplicateCode } from './queue-form.js';
import { useCodeMutation, useCodes, type CodeKind } from './queues-api.js';
import { queuesMessages } from './queues-messages.js';

type Row = { code: string; zh: string; en: string; system?: boolean; queues?: string[] };

function CodeTable({ kind, title }: { kind: CodeKind; title: string }) {
  const t = useMessages(queuesMessages);
  const { user } = useSignedIn();
  const admin = isAdmin(user);
  const { message } = App.useApp();
  const codes = useCodes(kind);
  if (codes.isPending) return <Table loading columns={[]} dataSource={[]} />;
  if (codes.error)
    return <Alert type="error" role="alert" message={t('errServer', { message: codes.error.message })} />;
  return (
    <CodeForm
      key={JSON.stringify(codes.data)}
      kind={kind}
      title={title}
      codes={codes.data}
      admin={admin}
      onSaved={() => void message.success(t('saved'))}
    />
  );
}

function CodeForm({
  kind,
  title,
  codes,
  admin,
  onSaved,
}: {
  kind: CodeKind;
  title: string;
  codes: AdminCodeList['codes'];
  admin: boolean;
  onSaved(): void;
}) {
  const t = useMessages(queuesMessages);
  const [form] = Form.useForm<{ rows: Row[] }>();
  const save = useCodeMutation(kind);
  const [alert, setAlert] = useState<string | null>(null);
  const id = `codes-${kind}`;

  const submit = async ({ rows }: { rows: Row[] }) => {
    setAlert(null);
    const twice = duplicateCode(rows);
    if (twice) {
      setAlert(t('errDuplicate', { code: twice }));
      return;
    }
    try {
      await save.mutateAsync({
        codes: rows.map((r) => ({ code: r.code.trim(), labels: { 'zh-CN': r.zh.trim(), en: r.en.trim() } })),
      });
      onSaved();
    } catch (err) {
      setAlert(t('errServer', { message: (err as Error).message }));
    }
  };

  return (
    <section aria-labelledby={id} style={{ marginBottom: 32 }}>
      <Typography.Title level={4} id={id}>
        {title}
      </Typography.Title>
      {alert && <Alert type="error" showIcon role="alert" message={alert} style={{ marginBottom: 12 }} />}
      <Form<{ rows: Row[] }>
        form={form}
        name={id}
        disabled={!admin}
        initialValues={{
          rows: codes.map((c) => ({
            code: c.code,
            zh: c.labels['zh-CN'],
            en: c.labels.en,
            ...(c.system !== undefined && { system: c.system }),
            ...(c.queues !== undefined && { queues: c.queues }),
          })),
        }}
        onFinish={submit}
      >
        <Form.List name="rows">
          {(rows, { add, remove }) => (
            <>
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={rows}
                columns={[
                  {
                    title: t('code'),
                    key: 'code',
                    render: (_, row) => (
                      <Form.Item
                        name={[row.name, 'code']}
                        style={{ margin: 0 }}
                        rules={[{ required: true, pattern: CODE_PATTERN, message: t('errCode') }]}
                      >
                        <Input aria-label={`${t('code')} ${row.name + 1}`} autoComplete="off" />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('labelZh'),
                    key: 'zh',
                    render: (_, row) => (
                      <Form.Item
                        name={[row.name, 'zh']}
                        style={{ margin: 0 }}
                        rules={[{ required: true, message: t('errLabel') }]}
                      >
                        <Input aria-label={`${t('labelZh')} ${row.name + 1}`} lang="zh-CN" />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('labelEn'),
                    key: 'en',
                    render: (_, row) => (
                      <Form.Item
                        name={[row.name, 'en']}
                        style={{ margin: 0 }}
                        rules={[{ required: true, message: t('errLabel') }]}
                      >
                        <Input aria-label={`${t('labelEn')} ${row.name + 1}`} lang="en" />
                      </Form.Item>
                    ),
                  },
                  {
                    title: kind === 'dispositions' ? t('usedBy') : t('system'),
                    key: 'info',
                    render: (_, row) => {
                      const value = form.getFieldValue(['rows', row.name]) as Row | undefined;
                      if (kind === 'dispositions')
                        return (value?.queues ?? []).map((q) => <Tag key={q}>{q}</Tag>);
                      return value?.system ? <Tag>{t('system')}</Tag> : null;
                    },
                  },
                  ...(admin
                    ? [
                        {
                          title: '',
                          key: 'remove',
                          render: (_: unknown, row: { name: number }) => (
                            <Button
                              size="small"
                              onClick={() => remove(row.name)}
                              aria-label={`${t('remove')} ${row.name + 1}`}
                            >
                              {t('remove')}
                            </Button>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
              {admin && (
                <Space style={{ marginTop: 12 }}>
                  <Button onClick={() => add({ code: '', zh: '', en: '' })}>{t('addCode')}</Button>
                  <Button type="primary" htmlType="submit" loading={save.isPending}>
                    {t('save')}
                  </Button>
                </Space>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </section>
  );
}

export function CodesPage() {
  const t = useMessages(queuesMessages);
  return (
    <section aria-labelledby="admin-codes-title">
      <Typography.Title level={3} id="admin-codes-title">
        {t('codesTitle')}
      </Typography.Title>
      <CodeTable kind="not-ready-reasons" title={t('notReadyReasons')} />
      <CodeTable kind="dispositions" title={t('dispositions')} />
    </section>
  );
}
