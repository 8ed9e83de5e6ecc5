// `pnpm test:integration` runs the integration files in lanes, one vitest process per lane side
// by side (scripts/test-integration.mjs; vitest.config.ts says which file runs in which). Files
// of one lane run one at a time; what a file binds on the host must stay apart from what a file
// of another lane binds at the same moment: each lane has its own ports.

/** The lanes, in the order of their port blocks. A file run on its own is in the first. */
export const LANES = ['calls', 'browsers', 'beside'] as const;

/** This process's lane (KEFU_TEST_LANE, set by the runner); the first when unset. */
export const LANE_INDEX = Math.max(0, LANES.indexOf(process.env.KEFU_TEST_LANE as (typeof LANES)[number]));

/**
 * A test server's RTP range unless its file picks one: 3000 ports (1500 calls) of 20000–28999
 * per lane. Two servers walking the same range take each other's ports; within a lane only one
 * server at a time walks it.
 */
export function laneRtpEnv(): { RTP_PORT_MIN: string; RTP_PORT_MAX: string } {
  const min = 20_000 + 3_000 * LANE_INDEX;
  return { RTP_PORT_MIN: String(min), RTP_PORT_MAX: String(min + 2_999) };
}
