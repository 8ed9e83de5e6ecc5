import type { OccupancyWindow } from './occupancy-window.js';
import type { AgentStatus } from './types.js';

/** The routing engine's record of one agent; the `s*` fields are per-decision scratch space. */
export interface AgentEntry {
  id: string;
  /** Registration order, used by round-robin. */
  ordinal: number;
  skills: Map<string, number>;
  languages: Set<string>;
  status: AgentStatus;
  statusSince: number;
  offerable: boolean;
  /** When the agent last became offerable. */
  idleSince: number;
  activity: OccupancyWindow;
  /** Queues whose base skills the agent holds (at any proficiency): "agents by state" per queue. */
  staffedQueues: string[];
  scanEpoch: number;
  sOccupancy: number;
  sCalls: number;
  sProficiency: number;
  sRoundRobin: number;
}
