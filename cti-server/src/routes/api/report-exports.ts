// A report's two downloads, `<path>.csv` and `<path>.xlsx`, from the one table the report builds
// (services/reports/report-table.ts): every report registers both with one call.
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { TSchema } from 'typebox';
import { Type } from 'typebox';
import { errors } from '../../schemas/common.js';
import { XLSX_TYPE, tableCsv, tableXlsx, type ReportTable } from '../../services/reports/report-table.js';

export interface ReportExports<Q> {
  /** The report's JSON path, e.g. `/reports/queue-intervals`. */
  path: string;
  /** What the rows are, for the OpenAPI summary. */
  describe: string;
  querystring: TSchema;
  onRequest: onRequestHookHandler;
  tags: string[];
  table(query: Q): Promise<ReportTable>;
  /** The download's file name without its extension. */
  fileName(query: Q): string;
}

export function registerReportExports<Q>(app: FastifyInstance, report: ReportExports<Q>): void {
  const formats = [
    { ext: 'csv', type: 'text/csv', sent: 'text/csv; charset=utf-8', what: 'CSV (UTF-8 with BOM)' },
    { ext: 'xlsx', type: XLSX_TYPE, sent: XLSX_TYPE, what: 'an Excel workbook (.xlsx)' },
  ] as const;
  for (const f of formats)
    app.get(
      `${report.path}.${f.ext}`,
      {
        onRequest: report.onRequest,
        schema: {
          tags: report.tags,
          summary: `The same report as ${f.what}: ${report.describe}; rates as fractions, times in seconds`,
          querystring: report.querystring,
          produces: [f.type],
          response: {
            200: {
              description: `the ${f.ext.toUpperCase()} as an attachment`,
              content: { [f.type]: { schema: Type.String() } },
            },
            ...errors(),
          },
        },
      },
      async (request, reply) => {
        const query = request.query as Q;
        const table = await report.table(query);
        const body = f.ext === 'csv' ? tableCsv(table) : await tableXlsx(table);
        return reply
          .type(f.sent)
          .header('content-disposition', `attachment; filename="${report.fileName(query)}.${f.ext}"`)
          .send(body);
      },
    );
}
