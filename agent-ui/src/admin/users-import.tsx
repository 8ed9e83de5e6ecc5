import { Alert, App, Button, Drawer, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useRef, useState } from 'react';
import { useMessages } from '../i18n/i18n-context.js';
import {
  ImportRefused,
  USERS_CSV_TEMPLATE,
  useUsersImport,
  type ImportRowReport,
  type ImportedUser,
} from './users-import-api.js';
import { usersImportMessages } from './users-import-messages.js';

type Stage =
  | { kind: 'edit' }
  | { kind: 'checked'; rows: ImportRowReport[]; csv: string }
  | { kind: 'refused'; rows: ImportRowReport[] }
  | { kind: 'imported'; users: ImportedUser[] }
  | { kind: 'failed'; message: string };

/** Offers the template as a file the browser saves. */
function downloadTemplate(): void {
  // A BOM so that spreadsheet programs read the Chinese names as UTF-8.
  const blob = new Blob(['\uFEFF', USERS_CSV_TEMPLATE], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = 'kefu-users.csv';
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** The drawer of the Agents page's "Import": pick or paste a CSV, check every row, import all. */
export function UsersImportDrawer({ open, onClose }: { open: boolean; onClose(): void }) {
  const t = useMessages(usersImportMessages);
  const { message } = App.useApp();
  const importing = useUsersImport();
  const [csv, setCsv] = useState('');
  const [stage, setStage] = useState<Stage>({ kind: 'edit' });
  const input = useRef<HTMLInputElement>(null);

  const edit = (text: string) => {
    setCsv(text);
    setStage({ kind: 'edit' });
  };
  const run = async (dryRun: boolean) => {
    try {
      const result = await importing.mutateAsync({ csv, dryRun });
      if (dryRun) setStage({ kind: 'checked', rows: result.rows, csv });
      else {
        setStage({ kind: 'imported', users: result.users });
        setCsv('');
        void message.success(t('imported', { count: result.created }));
      }
    } catch (err) {
      if (err instanceof ImportRefused) setStage({ kind: 'refused', rows: err.rows });
      else setStage({ kind: 'failed', message: (err as Error).message });
    }
  };
  const chosen = async (files: FileList | null) => {
    const file = files?.[0];
    if (input.current) input.current.value = '';
    if (file) edit(await file.text());
  };
  const close = () => {
    setCsv('');
    setStage({ kind: 'edit' });
    onClose();
  };

  const reportColumns: ColumnsType<ImportRowReport> = [
    { title: t('row'), dataIndex: 'row', width: 70 },
    { title: t('username'), dataIndex: 'username' },
    {
      title: t('status'),
      dataIndex: 'status',
      width: 90,
      render: (s: ImportRowReport['status']) =>
        s === 'ok' ? <Tag color="green">{t('ok')}</Tag> : <Tag color="red">{t('error')}</Tag>,
    },
    {
      title: t('errors'),
      key: 'errors',
      render: (_, r) =>
        r.errors.length === 0 ? (
          '—'
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 16 }}>
            {r.errors.map((e, i) => (
              <li key={i}>
                <Typography.Text code>{e.field}</Typography.Text> {e.message}
              </li>
            ))}
          </ul>
        ),
    },
  ];
  const secret = (value: string | null, fallback: string) =>
    value ? (
      <Typography.Text code copyable={{ text: value, tooltips: [t('copy'), t('copied')] }}>
        {value}
      </Typography.Text>
    ) : (
      <Typography.Text type="secondary">{fallback}</Typography.Text>
    );
  const passwordColumns: ColumnsType<ImportedUser> = [
    { title: t('username'), dataIndex: 'username' },
    { title: t('displayName'), dataIndex: 'displayName' },
    { title: t('extension'), dataIndex: 'extension', render: (e: string | null) => e ?? '—' },
    { title: t('password'), key: 'password', render: (_, u) => secret(u.password, t('givenInFile')) },
    { title: t('sipPassword'), key: 'sip', render: (_, u) => secret(u.sipPassword, '—') },
  ];
  const allPasswords = (users: ImportedUser[]) =>
    [
      'username,extension,password,sipPassword',
      ...users.map((u) => [u.username, u.extension ?? '', u.password ?? '', u.sipPassword ?? ''].join(',')),
    ].join('\n');

  const rows = stage.kind === 'checked' || stage.kind === 'refused' ? stage.rows : [];
  const bad = rows.filter((r) => r.status === 'error').length;
  const ready = stage.kind === 'checked' && stage.csv === csv && bad === 0;

  return (
    <Drawer open={open} onClose={close} title={t('title')} width={820} destroyOnHidden>
      {stage.kind === 'imported' ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Alert type="success" showIcon message={t('imported', { count: stage.users.length })} />
          <Alert type="warning" showIcon message={t('passwordsOnce')} />
          <Typography.Text
            copyable={{ text: allPasswords(stage.users), tooltips: [t('copyAll'), t('copied')] }}
          >
            {t('copyAll')}
          </Typography.Text>
          <Table<ImportedUser>
            rowKey="id"
            size="small"
            columns={passwordColumns}
            dataSource={stage.users}
            pagination={false}
            data-testid="import-passwords"
          />
          <Button onClick={close}>{t('cancel')}</Button>
        </Space>
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ margin: 0 }}>{t('intro')}</Typography.Paragraph>
          <Space wrap>
            <Button onClick={() => input.current?.click()}>{t('chooseFile')}</Button>
            <input
              ref={input}
              type="file"
              accept=".csv,text/csv"
              aria-label={t('chooseFile')}
              data-testid="users-csv-file"
              style={{ display: 'none' }}
              onChange={(e) => void chosen(e.target.files)}
            />
            <Button type="link" onClick={downloadTemplate}>
              {t('template')}
            </Button>
          </Space>
          <Input.TextArea
            aria-label={t('csvText')}
            value={csv}
            onChange={(e) => edit(e.target.value)}
            autoSize={{ minRows: 6, maxRows: 16 }}
            spellCheck={false}
            style={{ fontFamily: 'monospace' }}
          />
          <Space>
            <Button
              onClick={() => void run(true)}
              disabled={csv.trim() === ''}
              loading={importing.isPending && importing.variables?.dryRun === true}
            >
              {t('check')}
            </Button>
            <Button
              type="primary"
              onClick={() => void run(false)}
              disabled={!ready}
              loading={importing.isPending && importing.variables?.dryRun === false}
            >
              {t('import')}
            </Button>
            <Button onClick={close}>{t('cancel')}</Button>
          </Space>
          {stage.kind === 'failed' && (
            <Alert type="error" showIcon role="alert" message={t('failed', { message: stage.message })} />
          )}
          {stage.kind === 'refused' && (
            <Alert type="error" showIcon role="alert" message={t('refused', { count: bad })} />
          )}
          {stage.kind === 'checked' && bad === 0 && (
            <Alert type="info" showIcon message={t('allOk', { count: rows.length })} />
          )}
          {rows.length > 0 && (
            <Table<ImportRowReport>
              rowKey={(r) => `${r.row}`}
              size="small"
              columns={reportColumns}
              dataSource={rows}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              data-testid="import-report"
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}
