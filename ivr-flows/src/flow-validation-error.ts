/** One thing wrong with a flow, pinned to a step where there is one. */
export interface FlowProblem {
  step: string | null;
  message: string;
}

/**
 * A flow that must not run. Thrown at load time so a bad edit fails loudly with the file and
 * step named, instead of stranding callers at run time.
 */
export class FlowValidationError extends Error {
  readonly code = 'IVR_FLOW_INVALID';
  override readonly name = 'FlowValidationError';

  constructor(
    readonly flowId: string,
    readonly source: string | null,
    readonly problems: FlowProblem[],
  ) {
    const where = source ? `${flowId} (${source})` : flowId;
    const lines = problems.map((p) => `  - ${p.step ? `step "${p.step}": ` : ''}${p.message}`);
    super(`invalid IVR flow ${where}:\n${lines.join('\n')}`);
  }
}
