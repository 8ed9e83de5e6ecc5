// One wallboard cell: its label (the figure's meaning in a tooltip), its value large, and when
// the server's level says so an amber or red background with a sign and a word — never colour
// alone. `data-testid` names the figure for tests and the wallboard bench.
import { StopFilled, WarningFilled } from '@ant-design/icons';
import { Tooltip } from 'antd';
import type { ReactNode } from 'react';
import type { Level } from '../api/types.js';

const BACKGROUND: Record<Level, string | undefined> = {
  ok: undefined,
  warning: '#fff1b8',
  critical: '#ffccc7',
};
const TV_BACKGROUND: Record<Level, string | undefined> = {
  ok: undefined,
  warning: '#7c5a00',
  critical: '#8c1d18',
};
// Icons, not emoji: the emoji fonts are missing on many Linux desktops (a blank box instead).
export const LEVEL_SIGN: Record<Exclude<Level, 'ok'>, ReactNode> = {
  warning: <WarningFilled />,
  critical: <StopFilled />,
};

export interface FigureProps {
  testId: string;
  label: string;
  tip: string;
  value: ReactNode;
  /** Small text under the value (a goal, a threshold). */
  note?: ReactNode;
  level?: Level;
  levelText?: (level: Exclude<Level, 'ok'>) => string;
  tv: boolean;
}

export function WallboardFigure({
  testId,
  label,
  tip,
  value,
  note,
  level = 'ok',
  levelText,
  tv,
}: FigureProps) {
  const background = (tv ? TV_BACKGROUND : BACKGROUND)[level];
  return (
    <div
      className="wallboard-figure"
      data-level={level}
      style={{
        background,
        borderRadius: 6,
        padding: tv ? '12px 16px' : '8px 12px',
        border: `1px solid ${tv ? '#303030' : '#f0f0f0'}`,
        minWidth: 0,
      }}
    >
      <Tooltip title={tip}>
        <div
          style={{ fontSize: tv ? 22 : 13, opacity: 0.75, cursor: 'help' }}
          tabIndex={0}
          aria-description={tip}
        >
          {label} <span aria-hidden>ⓘ</span>
        </div>
      </Tooltip>
      <div
        data-testid={testId}
        style={{
          fontSize: tv ? 56 : 28,
          fontWeight: 600,
          lineHeight: 1.2,
          fontVariantNumeric: 'tabular-nums',
        }}
      >
        {value}
      </div>
      {level !== 'ok' && levelText && (
        <div data-testid={`${testId}-level`} style={{ fontSize: tv ? 20 : 12, fontWeight: 600 }}>
          <span aria-hidden>{LEVEL_SIGN[level]} </span>
          {levelText(level)}
        </div>
      )}
      {note && <div style={{ fontSize: tv ? 18 : 12, opacity: 0.7 }}>{note}</div>}
    </div>
  );
}
