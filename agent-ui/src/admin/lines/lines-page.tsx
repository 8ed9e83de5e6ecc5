// /admin/lines: the dialled numbers (DNIS), where each goes (an IVR flow or a queue), its trunk,
// time zone, language, weekly business hours and holidays, and whether it is open now and why.
// Admins edit; supervisors read.
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { AdminLine, LineCalendarStatus } from '@kefu/cti-server/contract';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import { useSignedIn } from '../../session/session-context.js';
import { isAdmin } from '../../shell/workspaces.js';
import { useQueues } from '../queues/queues-api.js';
import { showServerError } from '../server-error.js';
import {
  NEW_LINE,
  WEEKDAYS,
  endOfDay,
  lineFormValues,
  pickerTime,
  toLineBody,
  type LineFormValues,
  type Weekday,
} from './line-form.js';
import { useIvrFlows, useLineCalendar, useLineMutations, useLines, useTrunkChoices } from './lines-api.js';
import { linesMessages } from './lines-messages.js';

type T = ReturnType<typeof useMessages<keyof (typeof linesMessages)['en']>>;

const FIELDS = ['dnis', 'name', 'ivrFlow', 'queueId', 'trunkId', 'timeZone', 'language'] as const;

/** "HH:MM" ↔ a time picker's value. */
const toPicker = (value: string | undefined): Dayjs | null => {
  if (!value) return null;
  const [h, m] = pickerTime(value).split(':').map(Number);
  return dayjs()
    .hour(h ?? 0)
    .minute(m ?? 0)
    .second(0)
    .millisecond(0);
};

function timeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.(
    'timeZone',
  );
  return supported && supported.length > 0
    ? supported
    : ['Asia/Shanghai', 'Asia/Hong_Kong', 'UTC', 'Europe/London'];
}

/** "Today we are open/closed because …" from the server's calendar endpoint. */
export function CalendarPreview({ lineId, t }: { lineId: string | null; t: T }) {
  const { locale } = useI18n();
  const calendar = useLineCalendar(lineId);
  if (!lineId) return <Typography.Paragraph type="secondary">{t('previewNew')}</Typography.Paragraph>;
  const status = calendar.data;
  if (!status) return null;
  return (
    <Alert
      type={status.open ? 'success' : 'warning'}
      showIcon
      data-testid="line-calendar-preview"
      message={previewText(status, t, locale)}
    />
  );
}

export function previewText(status: LineCalendarStatus, t: T, locale: string): string {
  const day = t(`day_${status.localTime.weekday}`);
  const time = status.localTime.time;
  const because =
    status.reason === 'open'
      ? t('previewOpen', { time, day })
      : status.reason === 'holiday'
        ? t('previewHoliday', {
            holiday: status.holiday?.name ?? status.holiday?.date ?? status.localTime.date,
          })
        : status.reason === 'outside_hours'
          ? t('previewOutside', { time, day })
          : t('previewClosedToday', { day });
  const parts = [because];
  if (status.nextChange) {
    const when = new Intl.DateTimeFormat(locale, {
      timeZone: status.timeZone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(status.nextChange));
    parts.push(status.open ? t('previewClosesAt', { when }) : t('previewOpensAt', { when }));
  }
  parts.push(t(`previewFrom_${status.hoursFrom}`), t('previewTimeZone', { zone: status.timeZone }));
  return parts.join(' ');
}

function DayEditor({ day, t, readOnly }: { day: Weekday; t: T; readOnly: boolean }) {
  const form = Form.useFormInstance<LineFormValues>();
  const open = Form.useWatch(['week', day, 'open'], form) as boolean | undefined;
  const dayName = t(`day_${day}`);
  return (
    <div
      style={{ display: 'flex', gap: 12, alignItems: 'flex-start', marginBottom: 8 }}
      data-testid={`hours-${day}`}
    >
      <Form.Item name={['week', day, 'open']} valuePropName="checked" style={{ marginBottom: 0, width: 150 }}>
        <Switch
          aria-label={t('dayOpen', { day: dayName })}
          checkedChildren={dayName}
          unCheckedChildren={`${dayName} · ${t('dayClosed')}`}
        />
      </Form.Item>
      {open && (
        <Form.List name={['week', day, 'ranges']}>
          {(rows, { add, remove }) => (
            <Space direction="vertical" size={4}>
              {rows.map((row, i) => (
                <Space key={row.key} size={4}>
                  <Form.Item
                    name={[row.name, 'from']}
                    style={{ marginBottom: 0 }}
                    rules={[{ required: true, message: t('errRequired') }]}
                    getValueProps={(v: string) => ({ value: toPicker(v) })}
                    normalize={(d: Dayjs | null) => (d ? d.format('HH:mm') : '')}
                  >
                    <TimePicker
                      format="HH:mm"
                      minuteStep={5}
                      aria-label={`${dayName} ${t('from')} ${i + 1}`}
                    />
                  </Form.Item>
                  <span>–</span>
                  <Form.Item
                    name={[row.name, 'to']}
                    style={{ marginBottom: 0 }}
                    rules={[{ required: true, message: t('errRequired') }]}
                    getValueProps={(v: string) => ({ value: toPicker(v) })}
                    normalize={(d: Dayjs | null) => (d ? endOfDay(d.format('HH:mm')) : '')}
                  >
                    <TimePicker format="HH:mm" minuteStep={5} aria-label={`${dayName} ${t('to')} ${i + 1}`} />
                  </Form.Item>
                  {!readOnly && (
                    <Button
                      size="small"
                      onClick={() => remove(row.name)}
                      aria-label={`${dayName}: ${t('removeRange', { n: i + 1 })}`}
                    >
                      ×
                    </Button>
                  )}
                </Space>
              ))}
              {!readOnly && (
                <Button size="small" onClick={() => add({ from: '09:00', to: '18:00' })}>
                  {t('addRange')}
                </Button>
              )}
            </Space>
          )}
        </Form.List>
      )}
    </div>
  );
}

function HolidayEditor({ t, readOnly }: { t: T; readOnly: boolean }) {
  const form = Form.useFormInstance<LineFormValues>();
  const holidays = (Form.useWatch('holidays', form) as LineFormValues['holidays'] | undefined) ?? [];
  const [date, setDate] = useState<Dayjs | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    if (!date) return;
    const iso = date.format('YYYY-MM-DD');
    if (holidays.some((h) => h.date === iso)) {
      setError(t('errHolidayTwice', { date: iso }));
      return;
    }
    setError(null);
    form.setFieldValue(
      'holidays',
      [...holidays, { date: iso, name: name.trim() }].sort((a, b) => a.date.localeCompare(b.date)),
    );
    setDate(null);
    setName('');
  };
  return (
    <section aria-labelledby="line-holidays">
      <Typography.Title level={5} id="line-holidays">
        {t('holidays')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('holidaysHint')}</Typography.Paragraph>
      <Form.Item name="holidays" hidden>
        <Input />
      </Form.Item>
      <Table
        size="small"
        rowKey="date"
        pagination={false}
        dataSource={holidays}
        locale={{ emptyText: t('noHolidays') }}
        columns={[
          { title: t('holidayDate'), dataIndex: 'date' },
          { title: t('holidayName'), dataIndex: 'name', render: (v: string) => v || '—' },
          ...(readOnly
            ? []
            : [
                {
                  key: 'remove',
                  render: (_: unknown, h: { date: string }) => (
                    <Button
                      size="small"
                      aria-label={t('removeHoliday', { date: h.date })}
                      onClick={() =>
                        form.setFieldValue(
                          'holidays',
                          holidays.filter((x) => x.date !== h.date),
                        )
                      }
                    >
                      ×
                    </Button>
                  ),
                },
              ]),
        ]}
      />
      {!readOnly && (
        <Space wrap align="end" style={{ marginTop: 12 }}>
          <Form.Item label={t('holidayDate')} htmlFor="new-holiday-date" style={{ marginBottom: 0 }}>
            <DatePicker
              id="new-holiday-date"
              value={date}
              onChange={(d) => setDate(d)}
              // Enter picks the typed date; it must not submit the line's form.
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.preventDefault();
              }}
            />
          </Form.Item>
          <Form.Item label={t('holidayName')} htmlFor="new-holiday-name" style={{ marginBottom: 0 }}>
            <Input
              id="new-holiday-name"
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
              onPressEnter={(e) => {
                e.preventDefault();
                add();
              }}
              style={{ width: 220 }}
            />
          </Form.Item>
          <Button onClick={add} disabled={!date}>
            {t('addHoliday')}
          </Button>
        </Space>
      )}
      {error && <Alert type="error" role="alert" showIcon message={error} style={{ marginTop: 8 }} />}
    </section>
  );
}

function LineForm({ line, readOnly, onDone }: { line?: AdminLine; readOnly: boolean; onDone(): void }) {
  const t = useMessages(linesMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<LineFormValues>();
  const mutations = useLineMutations();
  const flows = useIvrFlows();
  const queues = useQueues();
  const trunks = useTrunkChoices(!readOnly);
  const [alert, setAlert] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const hoursMode = Form.useWatch('hoursMode', form);
  const ivrFlow = Form.useWatch('ivrFlow', form);
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);

  const submit = async (values: LineFormValues) => {
    setPending(true);
    setAlert(null);
    try {
      const body = toLineBody(values);
      if (line) await mutations.update.mutateAsync({ id: line.id, patch: body });
      else await mutations.create.mutateAsync(body);
      void message.success(t('saved'));
      onDone();
    } catch (err) {
      const rest = showServerError(form, err, FIELDS);
      if (rest) setAlert(t('errServer', { message: rest }));
    } finally {
      setPending(false);
    }
  };

  const queueOptions = (queues.data ?? [])
    .filter((q) => q.active || q.id === line?.queue?.id)
    .map((q) => ({ value: q.id, label: `${q.name} (${q.displayName})`, disabled: !q.active }));
  const trunkOptions = trunks.data
    ? trunks.data.map((tr) => ({ value: tr.id, label: tr.name }))
    : line?.trunk
      ? [{ value: line.trunk.id, label: line.trunk.name }]
      : [];

  return (
    <Form<LineFormValues>
      form={form}
      name={line ? `line-${line.id}` : 'new-line'}
      layout="vertical"
      requiredMark={false}
      disabled={readOnly}
      initialValues={line ? lineFormValues(line) : NEW_LINE}
      onFinish={submit}
    >
      {alert && <Alert type="error" showIcon role="alert" message={alert} style={{ marginBottom: 16 }} />}
      <CalendarPreview lineId={line?.id ?? null} t={t} />
      <Space wrap align="start" style={{ marginTop: 16 }}>
        <Form.Item
          name="dnis"
          label={t('dnis')}
          rules={[{ required: true, pattern: /^\d{3,20}$/, message: t('errDnis') }]}
        >
          <Input autoComplete="off" inputMode="numeric" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('name')}
          rules={[{ required: true, max: 100, message: t('errRequired') }]}
        >
          <Input autoComplete="off" style={{ width: 300 }} />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        <Form.Item name="ivrFlow" label={t('ivrFlow')}>
          <Select
            style={{ width: 240 }}
            allowClear
            placeholder={t('noFlow')}
            options={(flows.data?.flows ?? []).map((f) => ({ value: f.id, label: `${f.id} — ${f.name}` }))}
          />
        </Form.Item>
        <Form.Item
          name="queueId"
          label={t('queue')}
          tooltip={t('queueHint')}
          rules={[{ required: true, message: t('errRequired') }]}
        >
          <Select style={{ width: 240 }} options={queueOptions} />
        </Form.Item>
        <Form.Item name="trunkId" label={t('trunk')}>
          <Select style={{ width: 180 }} allowClear placeholder={t('noTrunk')} options={trunkOptions} />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        <Form.Item
          name="timeZone"
          label={t('timeZone')}
          rules={[{ required: true, message: t('errRequired') }]}
        >
          <Select style={{ width: 240 }} showSearch options={zones} />
        </Form.Item>
        <Form.Item name="language" label={t('language')}>
          <Select
            style={{ width: 180 }}
            options={[
              { value: 'zh-CN', label: t('lang_zh') },
              { value: 'en', label: t('lang_en') },
            ]}
          />
        </Form.Item>
      </Space>
      <section aria-labelledby="line-hours">
        <Typography.Title level={5} id="line-hours">
          {t('hours')}
        </Typography.Title>
        <Form.Item name="hoursMode" label={t('hoursMode')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'unset', label: ivrFlow ? t('hours_unset_flow') : t('hours_unset_direct') },
              { value: 'all_week', label: t('openAllWeek') },
              { value: 'weekly', label: t('weeklyHours') },
            ]}
          />
        </Form.Item>
        {hoursMode === 'weekly' && (
          <div>
            {WEEKDAYS.map((d) => (
              <DayEditor key={d} day={d} t={t} readOnly={readOnly} />
            ))}
            <Typography.Paragraph type="secondary">{t('midnightHint')}</Typography.Paragraph>
          </div>
        )}
      </section>
      <HolidayEditor t={t} readOnly={readOnly} />
      {!readOnly && (
        <Space style={{ display: 'flex', marginTop: 24 }}>
          <Button type="primary" htmlType="submit" loading={pending}>
            {t('save')}
          </Button>
          <Button onClick={onDone}>{t('cancel')}</Button>
        </Space>
      )}
    </Form>
  );
}

export function LinesPage() {
  const t = useMessages(linesMessages);
  const { t: tc } = useI18n();
  const { user } = useSignedIn();
  const admin = isAdmin(user);
  const lines = useLines();
  const [drawer, setDrawer] = useState<{ kind: 'new' } | { kind: 'edit'; id: string } | null>(null);
  const editing = drawer?.kind === 'edit' ? lines.data?.find((l) => l.id === drawer.id) : undefined;

  const columns: ColumnsType<AdminLine & { now: LineCalendarStatus }> = [
    { title: t('dnis'), dataIndex: 'dnis', render: (v: string) => <strong>{v}</strong> },
    { title: t('name'), dataIndex: 'name' },
    {
      title: t('destination'),
      key: 'destination',
      render: (_, l) => (
        <Space size={4} wrap>
          {l.ivrFlow && <Tag color="blue">{t('flowTag', { flow: l.ivrFlow })}</Tag>}
          {l.queue && (
            <Tag color={l.queue.active ? 'default' : 'red'}>{t('queueTag', { queue: l.queue.name })}</Tag>
          )}
        </Space>
      ),
    },
    { title: t('trunk'), key: 'trunk', render: (_, l) => l.trunk?.name ?? '—' },
    {
      title: t('openNow'),
      key: 'now',
      render: (_, l) => (
        <Tag color={l.now.open ? 'green' : 'orange'} data-testid={`open-now-${l.dnis}`}>
          {`${l.now.open ? t('open') : t('closed')} · ${
            l.now.reason === 'holiday' && l.now.holiday?.name
              ? l.now.holiday.name
              : t(`reason_${l.now.reason}`)
          }`}
        </Tag>
      ),
    },
    {
      title: '',
      key: 'actions',
      render: (_, l) => (
        <Button
          size="small"
          onClick={() => setDrawer({ kind: 'edit', id: l.id })}
          aria-label={t('editLine', { dnis: l.dnis })}
        >
          {admin ? t('edit') : t('view')}
        </Button>
      ),
    },
  ];

  return (
    <section aria-labelledby="admin-lines-title">
      <Typography.Title level={3} id="admin-lines-title">
        {t('linesTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('linesHint')}</Typography.Paragraph>
      {admin && (
        <Space style={{ marginBottom: 16 }}>
          <Button type="primary" onClick={() => setDrawer({ kind: 'new' })}>
            {t('newLine')}
          </Button>
        </Space>
      )}
      {lines.error && (
        <Alert
          type="error"
          role="alert"
          message={tc('error', { message: lines.error.message })}
          action={<Button onClick={() => void lines.refetch()}>{tc('retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table
        rowKey="id"
        size="middle"
        loading={lines.isPending}
        columns={columns}
        dataSource={lines.data ?? []}
        pagination={false}
      />
      <Drawer
        open={drawer !== null}
        onClose={() => setDrawer(null)}
        title={editing ? t('editLine', { dnis: editing.dnis }) : t('newLine')}
        width={820}
        destroyOnHidden
      >
        {drawer && (drawer.kind === 'new' || editing) && (
          <LineForm
            key={editing?.id ?? 'new'}
            {...(editing && { line: editing })}
            readOnly={!admin}
            onDone={() => setDrawer(null)}
          />
        )}
      </Drawer>
    </section>
  );
}
