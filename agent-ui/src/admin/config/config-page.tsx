// /admin/config: configuration as code. Export downloads the centre as YAML (or JSON); Import
// reads a file, runs a dry run, shows every change grouped by entity (or every problem with
// its path and line) and applies it on "Apply" — all of it in one transaction, or nothing.
import { Alert, App, Button, Collapse, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useRef, useState } from 'react';
import { useMessages } from '../../i18n/i18n-context.js';
import { useSignedIn } from '../../session/session-context.js';
import {
  ConfigRefused,
  downloadExport,
  useConfigImport,
  type ConfigEntityChange,
  type ConfigImportResult,
  type ConfigProblem,
} from './config-api.js';
import { configMessages } from './config-messages.js';
import { displayValue, groupByEntity } from './config-view.js';

const ACTION_COLOURS: Record<ConfigEntityChange['action'], string> = {
  create: 'green',
  update: 'blue',
  disable: 'orange',
  delete: 'red',
};

type Stage =
  | { kind: 'idle' }
  | { kind: 'planned'; file: string; text: string; result: ConfigImportResult }
  | { kind: 'applied'; file: string; result: ConfigImportResult }
  | { kind: 'refused'; file: string; problems: ConfigProblem[] }
  | { kind: 'failed'; message: string };

function ChangeTable({ changes }: { changes: ConfigEntityChange[] }) {
  const t = useMessages(configMessages);
  const columns: ColumnsType<ConfigEntityChange> = [
    { title: t('key'), dataIndex: 'key', key: 'key', width: 220 },
    {
      title: t('action'),
      dataIndex: 'action',
      key: 'action',
      width: 110,
      render: (action: ConfigEntityChange['action']) => (
        <Tag color={ACTION_COLOURS[action]}>{t(`action_${action}`)}</Tag>
      ),
    },
    {
      title: t('changes'),
      key: 'fields',
      render: (_, change) => (
        <ul className="config-fields" style={{ margin: 0, paddingInlineStart: 16 }}>
          {change.fields.map((f) => (
            <li key={f.field}>
              <Typography.Text code>{f.field}</Typography.Text>{' '}
              {change.action !== 'create' && (
                <>
                  <Typography.Text delete>{displayValue(f.before)}</Typography.Text>
                  {' → '}
                </>
              )}
              <Typography.Text strong>{displayValue(f.after)}</Typography.Text>
            </li>
          ))}
        </ul>
      ),
    },
  ];
  return (
    <Table<ConfigEntityChange>
      size="small"
      rowKey={(c) => `${c.entity}:${c.key}`}
      columns={columns}
      dataSource={changes}
      pagination={changes.length > 50 ? { pageSize: 50 } : false}
    />
  );
}

function ProblemList({ problems }: { problems: ConfigProblem[] }) {
  const t = useMessages(configMessages);
  return (
    <ul className="config-problems" style={{ margin: 0, paddingInlineStart: 16 }}>
      {problems.map((p, i) => (
        <li key={i}>
          <Typography.Text code>{p.path}</Typography.Text>
          {p.line !== undefined && (
            <Typography.Text type="secondary"> ({t('line', { line: p.line })})</Typography.Text>
          )}
          {': '}
          {p.message}
        </li>
      ))}
    </ul>
  );
}

function Warnings({ result }: { result: ConfigImportResult }) {
  const t = useMessages(configMessages);
  if (result.warnings.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      message={t('warningsTitle', { count: result.warnings.length })}
      description={<ProblemList problems={result.warnings} />}
    />
  );
}

function Changes({ result }: { result: ConfigImportResult }) {
  const t = useMessages(configMessages);
  const groups = groupByEntity(result.changes);
  if (groups.length === 0) return <Warnings result={result} />;
  return (
    <>
      <Warnings result={result} />
      <Collapse
        defaultActiveKey={groups.map((g) => g.entity)}
        items={groups.map((g) => ({
          key: g.entity,
          label: `${t(`entity_${g.entity}`)} · ${t('changeCount', { count: g.changes.length })}`,
          children: <ChangeTable changes={g.changes} />,
        }))}
      />
    </>
  );
}

export function ConfigPage() {
  const t = useMessages(configMessages);
  const { token } = useSignedIn();
  const { message } = App.useApp();
  const importing = useConfigImport();
  const input = useRef<HTMLInputElement>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [exporting, setExporting] = useState(false);

  const exportAs = async (format: 'yaml' | 'json') => {
    setExporting(true);
    try {
      await downloadExport(token, format);
    } catch (err) {
      void message.error(t('failed', { message: (err as Error).message }));
    } finally {
      setExporting(false);
    }
  };

  const run = async (file: string, text: string, dryRun: boolean) => {
    try {
      const result = await importing.mutateAsync({ text, dryRun });
      setStage(dryRun ? { kind: 'planned', file, text, result } : { kind: 'applied', file, result });
    } catch (err) {
      if (err instanceof ConfigRefused) setStage({ kind: 'refused', file, problems: err.problems });
      else setStage({ kind: 'failed', message: (err as Error).message });
    }
  };

  const chosen = async (files: FileList | null) => {
    const file = files?.[0];
    if (input.current) input.current.value = '';
    if (!file) return;
    setStage({ kind: 'idle' });
    await run(file.name, await file.text(), true);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="config-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph style={{ maxWidth: 820 }}>{t('intro')}</Typography.Paragraph>
      <Space wrap>
        <Button type="primary" onClick={() => void exportAs('yaml')} loading={exporting}>
          {t('export')}
        </Button>
        <Button onClick={() => void exportAs('json')} disabled={exporting}>
          {t('exportJson')}
        </Button>
        <Button onClick={() => input.current?.click()} loading={importing.isPending}>
          {t('import')}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".yaml,.yml,.json,application/json,text/yaml"
          aria-label={t('import')}
          data-testid="config-file"
          style={{ display: 'none' }}
          onChange={(e) => void chosen(e.target.files)}
        />
      </Space>
      <Typography.Text type="secondary" style={{ maxWidth: 820, display: 'block' }}>
        {t('semantics')}
      </Typography.Text>

      {stage.kind === 'failed' && (
        <Alert type="error" showIcon role="alert" message={t('failed', { message: stage.message })} />
      )}
      {stage.kind === 'refused' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={t('problemsTitle', { file: stage.file, count: stage.problems.length })}
          description={<ProblemList problems={stage.problems} />}
        />
      )}
      {stage.kind === 'planned' && stage.result.changes.length === 0 && (
        <>
          <Alert type="success" showIcon message={t('noChanges', { file: stage.file })} />
          <Warnings result={stage.result} />
        </>
      )}
      {stage.kind === 'planned' && stage.result.changes.length > 0 && (
        <>
          <Alert
            type="info"
            showIcon
            message={t('plan', { file: stage.file, summary: stage.result.summary })}
            action={
              <Space>
                <Button
                  type="primary"
                  loading={importing.isPending}
                  onClick={() => void run(stage.file, stage.text, false)}
                >
                  {t('apply')}
                </Button>
                <Button onClick={() => setStage({ kind: 'idle' })} disabled={importing.isPending}>
                  {t('cancel')}
                </Button>
              </Space>
            }
          />
          <Changes result={stage.result} />
        </>
      )}
      {stage.kind === 'applied' && (
        <>
          <Alert
            type="success"
            showIcon
            role="status"
            message={t('applied', { summary: stage.result.summary })}
          />
          <Changes result={stage.result} />
        </>
      )}
    </Space>
  );
}
