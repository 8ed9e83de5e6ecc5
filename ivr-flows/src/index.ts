// Public API of @kefu/ivr-flows: the step vocabulary, the compiler, the per-call runtime,
// validation, the registry, the simulator and the diagram export.
export * from './flow-definition.js';
export * from './call-types.js';
export * from './language.js';
export { prompts, promptText, isPromptId, type PromptId, type PromptCatalogue } from './prompts.js';
export {
  isOpen,
  isHoliday,
  holidayOn,
  localTime,
  openingStatus,
  type OpeningReason,
  type OpeningStatus,
} from './business-hours.js';
export { validateFlow, reachableSteps, calendarProblems, type ValidateFlowOptions } from './validate-flow.js';
export { lineCalendar, holidayEntry, type LineHours } from './line-calendar.js';
export { FlowValidationError, type FlowProblem } from './flow-validation-error.js';
export { compileFlow, ABANDONED_STATE, type IvrMachine } from './compile/compile-flow.js';
export { PROMPT_SAFETY_MS, type CompileOptions } from './compile/ivr-setup.js';
export {
  createIvrCall,
  type IvrCallActor,
  type IvrCallDelegate,
  type IvrCallOptions,
  type IvrClock,
} from './runtime/start-ivr-call.js';
export { FlowRegistry, type FlowRegistryOptions, type FlowVersion } from './runtime/flow-registry.js';
export { checkLineFlows, LineFlowError, type LineFlowBinding } from './runtime/line-flows.js';
export {
  simulateFlow,
  type SimulateOptions,
  type SimulationResult,
  type PlayedPrompt,
} from './simulate/simulate-flow.js';
export { fakeCustomers, fakeCustomerLookup, type FakeCustomer } from './simulate/fake-customers.js';
export { toGraph, type FlowGraph, type FlowGraphEdge, type FlowGraphNode } from './graph/to-graph.js';
export { flows, demoLines, demoQueues, salesHotline, serviceHotline } from './flows/index.js';
