import type { FlowRegistry } from './flow-registry.js';

/** A line's IVR binding as stored in `Line.ivrFlow` (null = straight to the queue). */
export interface LineFlowBinding {
  dnis: string;
  ivrFlow: string | null;
}

/** Lines whose flow id names no loaded flow: thrown at start-up, before a call can hit them. */
export class LineFlowError extends Error {
  readonly code = 'IVR_LINE_FLOW_UNKNOWN';
  override readonly name = 'LineFlowError';

  constructor(
    readonly missing: ReadonlyArray<{ dnis: string; flowId: string }>,
    loaded: readonly string[],
  ) {
    const lines = missing.map((m) => `  - line ${m.dnis}: IVR flow "${m.flowId}" is not loaded`);
    super(`lines use unknown IVR flows (loaded: ${loaded.join(', ') || 'none'}):\n${lines.join('\n')}`);
  }
}

/** Throws LineFlowError unless every line's flow id is loaded in `registry`. */
export function checkLineFlows(
  lines: readonly LineFlowBinding[],
  registry: Pick<FlowRegistry, 'get' | 'flowIds'>,
): void {
  const missing = lines.flatMap((line) =>
    line.ivrFlow !== null && !registry.get(line.ivrFlow) ? [{ dnis: line.dnis, flowId: line.ivrFlow }] : [],
  );
  if (missing.length > 0) throw new LineFlowError(missing, registry.flowIds());
}
