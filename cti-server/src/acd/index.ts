export { Acd, type AcdOptions, type CallPhase } from './acd.js';
export type { AcdCalls, AcdDelegate } from './acd-delegate.js';
export {
  agentStateMachine,
  type AgentMachineEvent,
  type AgentMachineInput,
  type AgentTransitionRecord,
} from './agent-state-machine.js';
export { OccupancyWindow } from './occupancy-window.js';
export {
  agentSnapshot,
  applyCallEvent,
  emptyQueueCounters,
  queueSnapshot,
  type AcdCallEvent,
  type AgentMetricsSnapshot,
  type QueueCounters,
  type QueueMetricsSnapshot,
} from './queue-metrics.js';
export { effectiveRequirement, relaxationStepAt, validateQueueConfig } from './relaxation.js';
export type { CandidateExplanation, CompetingCall, RoutingDecision } from './routing-decision.js';
export { RoutingEngine, type RoutingEngineOptions } from './routing-engine.js';
export * from './types.js';
export { recordedOutcomes, runReplay } from './replay/replay.js';
export type {
  QueueOutcome,
  RecordedCall,
  ReplayOptions,
  ReplayScenario,
  StaffingChange,
} from './replay/replay-types.js';
