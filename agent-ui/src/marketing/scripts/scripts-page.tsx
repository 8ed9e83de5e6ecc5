// /marketing/scripts: every call script and its versions — which one is live for new calls, where
// each is bound, and in which order the bindings decide.
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import { useScriptVersions, type ScriptSummaryRow } from '../marketing-api.js';
import { designerMessages } from './designer-messages.js';
import { ScriptDesigner } from './script-designer.js';
import { liveVersions } from './script-model.js';
import { scriptsMessages } from './scripts-messages.js';

/** Key, title and language of a new script; the designer opens on its first draft. */
function NewScriptModal({
  open,
  onClose,
  taken,
}: {
  open: boolean;
  onClose: () => void;
  taken: Set<string>;
}) {
  const t = useMessages(designerMessages);
  const navigate = useNavigate();
  const [form] = Form.useForm<{ key: string; title: string; language: string }>();
  return (
    <Modal
      open={open}
      title={t('newScript')}
      okText={t('create')}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then((v) => {
          onClose();
          void navigate(`/marketing/scripts/${v.key}`, { state: { title: v.title, language: v.language } });
        })
      }
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ language: 'zh-CN' }}>
        <Form.Item
          name="key"
          label={t('newScriptKey')}
          rules={[
            { required: true, pattern: /^[a-z0-9][a-z0-9._-]{0,63}$/, message: t('newScriptKey') },
            {
              validator: (_, v: string) => (taken.has(v) ? Promise.reject(new Error(v)) : Promise.resolve()),
            },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="title" label={t('newScriptTitle')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="language" label={t('newScriptLanguage')}>
          <Select options={['zh-CN', 'en'].map((l) => ({ value: l, label: l }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** /marketing/scripts (the list) and /marketing/scripts/:key (the designer). */
export function ScriptsPage() {
  return (
    <Routes>
      <Route index element={<ScriptList />} />
      <Route path=":key" element={<ScriptDesigner />} />
    </Routes>
  );
}

function ScriptList() {
  const t = useMessages(scriptsMessages);
  const td = useMessages(designerMessages);
  const [creating, setCreating] = useState(false);
  const { locale } = useI18n();
  const versions = useScriptVersions();
  const live = liveVersions(versions.data ?? []);
  const status = (s: string) =>
    s === 'draft' || s === 'published' || s === 'retired' ? t(`status_${s}`) : s;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('heading')}
        </Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>
          {td('newScript')}
        </Button>
      </Space>
      <NewScriptModal
        open={creating}
        onClose={() => setCreating(false)}
        taken={new Set((versions.data ?? []).map((v) => v.key))}
      />
      <Typography.Paragraph type="secondary">{t('precedence')}</Typography.Paragraph>
      {versions.error && <Alert type="error" message={t('failed', { message: versions.error.message })} />}
      <Table<ScriptSummaryRow>
        rowKey="id"
        loading={versions.isLoading}
        dataSource={versions.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          {
            title: t('key'),
            render: (_, r) => <Link to={`/marketing/scripts/${r.key}`}>{r.key}</Link>,
          },
          {
            title: t('title'),
            render: (_, r) => <Link to={`/marketing/scripts/${r.key}`}>{r.title}</Link>,
          },
          { title: t('language'), dataIndex: 'language' },
          { title: t('version'), render: (_, r) => `v${r.version}` },
          {
            title: t('status'),
            render: (_, r) => (
              <Space size={4}>
                <Tag>{status(r.status)}</Tag>
                {live.get(r.key) === r.version && <Tag color="green">{t('live')}</Tag>}
                {!r.active && <Tag>{t('inactive')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('publishedAt'),
            render: (_, r) => (r.publishedAt ? new Date(r.publishedAt).toLocaleString(locale) : '—'),
          },
          {
            title: t('binding'),
            render: (_, r) =>
              [r.lineId ? t('line') : null, r.queueId ? t('queue') : null].filter(Boolean).join(' + ') ||
              t('none'),
          },
        ]}
      />
    </Space>
  );
}
