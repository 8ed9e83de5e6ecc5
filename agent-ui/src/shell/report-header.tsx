// The header every report page has: its title on the left, its selection (a date range, then
// whatever else the report filters by) on the right.
import { Input, Space, Typography } from 'antd';
import type { ReactNode } from 'react';

export interface DayRange {
  /** First and last local day, YYYY-MM-DD, both included. */
  from: string;
  to: string;
}

export function ReportHeader(props: { title: ReactNode; selectionLabel: string; children: ReactNode }) {
  return (
    <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {props.title}
      </Typography.Title>
      <Space role="group" aria-label={props.selectionLabel} wrap>
        {props.children}
      </Space>
    </Space>
  );
}

/** Two native date inputs (the browser's own picker, in the page's language); a cleared input is ignored. */
export function DayRangeInputs(props: {
  value: DayRange;
  onChange: (range: DayRange) => void;
  fromLabel: string;
  toLabel: string;
}) {
  const { value, onChange } = props;
  return (
    <>
      <Input
        type="date"
        aria-label={props.fromLabel}
        value={value.from}
        onChange={(e) => e.target.value && onChange({ ...value, from: e.target.value })}
      />
      <Input
        type="date"
        aria-label={props.toLabel}
        value={value.to}
        onChange={(e) => e.target.value && onChange({ ...value, to: e.target.value })}
      />
    </>
  );
}
