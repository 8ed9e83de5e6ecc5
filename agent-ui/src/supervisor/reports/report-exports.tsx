// The two download buttons every report has, "Export CSV" and "Export XLSX", and their error.
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { defineCatalog } from '../../i18n/catalog.js';
import { useMessages } from '../../i18n/i18n-context.js';
import { useSignedIn } from '../../session/session-context.js';
import { downloadReport, type ExportFormat } from './reports-api.js';

const exportMessages = defineCatalog(
  { csv: 'Export CSV', xlsx: 'Export XLSX', failed: 'The export failed: {message}' },
  { csv: '导出 CSV', xlsx: '导出 XLSX', failed: '导出失败：{message}' },
);

export function ReportExportButtons(props: {
  /** The report's JSON path; the files are `<path>.csv` and `<path>.xlsx`. */
  path: string;
  query: string;
  fileName: string;
  disabled?: boolean;
}) {
  const t = useMessages(exportMessages);
  const { token } = useSignedIn();
  const [error, setError] = useState<string | null>(null);
  const download = (format: ExportFormat) =>
    downloadReport(token, props.path, props.query, format, props.fileName).then(
      () => setError(null),
      (err: Error) => setError(err.message),
    );
  return (
    <>
      {(['csv', 'xlsx'] as const).map((format) => (
        <Button key={format} onClick={() => void download(format)} disabled={props.disabled}>
          {t(format)}
        </Button>
      ))}
      {error && <Alert type="error" role="alert" showIcon message={t('failed', { message: error })} />}
    </>
  );
}
