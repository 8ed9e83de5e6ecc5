import { watch as watchDirectory, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileFlow, type IvrMachine } from '../compile/compile-flow.js';
import type { CompileOptions } from '../compile/ivr-setup.js';
import type { FlowDefinition } from '../flow-definition.js';
import type { PromptCatalogue } from '../prompts.js';
import { validateFlow } from '../validate-flow.js';
import { createIvrCall, type IvrCallActor, type IvrCallOptions } from './start-ivr-call.js';

/** One loaded, validated and compiled version of a flow. Immutable: reloads add new versions. */
export interface FlowVersion {
  flowId: string;
  /** 1, 2, … per flow id in this registry. */
  version: number;
  definition: FlowDefinition;
  machine: IvrMachine;
  source: string | null;
  loadedAt: number;
}

export interface FlowRegistryOptions {
  knownQueues?: readonly string[];
  prompts?: PromptCatalogue;
  compile?: CompileOptions;
  onLoad?(version: FlowVersion): void;
  /** A reload failed; the last good version stays in service. */
  onError?(error: unknown, source: string): void;
}

const FLOW_FILE = /\.(ts|mts|js|mjs|json)$/;

function isFlowDefinition(value: unknown): value is FlowDefinition {
  const v = value as Partial<FlowDefinition> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.start === 'string' &&
    typeof v.steps === 'object'
  );
}

/** Flow definitions a module exports: any export that is a flow, or a record of flows. */
function flowsExportedBy(module: Record<string, unknown>): FlowDefinition[] {
  const found = new Set<FlowDefinition>();
  for (const value of Object.values(module)) {
    if (isFlowDefinition(value)) found.add(value);
    else if (typeof value === 'object' && value !== null) {
      for (const inner of Object.values(value)) if (isFlowDefinition(inner)) found.add(inner);
    }
  }
  return [...found];
}

/**
 * The flows a server runs. A flow is validated before it replaces the current version, so a bad
 * edit never reaches callers; calls hold the FlowVersion they started with, so a reload never
 * changes a call in progress.
 */
export class FlowRegistry {
  private readonly current = new Map<string, FlowVersion>();
  private reloads = 0;

  constructor(private readonly options: FlowRegistryOptions = {}) {}

  /** Validates and installs a definition; throws FlowValidationError and keeps the old version. */
  register(definition: FlowDefinition, source: string | null = null): FlowVersion {
    return this.install([this.prepare(definition, source)])[0] as FlowVersion;
  }

  /** Imports a flow module (.ts/.js exporting flows, or .json) afresh; all-or-nothing per file. */
  async loadModule(file: string): Promise<FlowVersion[]> {
    const path = resolve(file);
    const definitions =
      extname(path) === '.json'
        ? [JSON.parse(await readFile(path, 'utf8')) as FlowDefinition]
        : flowsExportedBy(
            (await import(`${pathToFileURL(path).href}?reload=${++this.reloads}`)) as Record<string, unknown>,
          );
    if (definitions.length === 0) throw new Error(`${path} exports no flow definition`);
    return this.install(definitions.map((definition) => this.prepare(definition, path)));
  }

  /** Loads every flow file in `dir` now and again whenever one changes. */
  async watch(dir: string, debounceMs = 100): Promise<{ close(): void }> {
    for (const name of (await readdir(dir)).filter((n) => FLOW_FILE.test(n) && !n.includes('.test.'))) {
      await this.reload(join(dir, name));
    }
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const watcher: FSWatcher = watchDirectory(dir, (_event, name) => {
      if (!name || !FLOW_FILE.test(name) || name.includes('.test.')) return;
      const file = join(dir, name);
      clearTimeout(timers.get(file));
      // Editors write in bursts (truncate, write, rename): reload once it settles.
      timers.set(
        file,
        setTimeout(() => {
          timers.delete(file);
          void this.reload(file);
        }, debounceMs),
      );
    });
    return {
      close: () => {
        watcher.close();
        for (const timer of timers.values()) clearTimeout(timer);
      },
    };
  }

  get(flowId: string): FlowVersion | undefined {
    return this.current.get(flowId);
  }

  flowIds(): string[] {
    return [...this.current.keys()].sort();
  }

  /** Creates (not starts) a call actor on the version current now. */
  startCall(flowId: string, options: IvrCallOptions): { version: FlowVersion; actor: IvrCallActor } {
    const version = this.current.get(flowId);
    if (!version) throw new RangeError(`no IVR flow "${flowId}" is loaded`);
    return { version, actor: createIvrCall(version.machine, options) };
  }

  private async reload(file: string): Promise<void> {
    try {
      await this.loadModule(file);
    } catch (error) {
      this.options.onError?.(error, file);
    }
  }

  private prepare(definition: FlowDefinition, source: string | null): Omit<FlowVersion, 'version'> {
    validateFlow(definition, {
      source: source ?? undefined,
      prompts: this.options.prompts,
      knownQueues: this.options.knownQueues,
    });
    return {
      flowId: definition.id,
      definition,
      machine: compileFlow(definition, this.options.compile),
      source,
      loadedAt: (this.options.compile?.now ?? Date.now)(),
    };
  }

  private install(prepared: Array<Omit<FlowVersion, 'version'>>): FlowVersion[] {
    return prepared.map((p) => {
      const version: FlowVersion = { ...p, version: (this.current.get(p.flowId)?.version ?? 0) + 1 };
      this.current.set(p.flowId, version);
      this.options.onLoad?.(version);
      return version;
    });
  }
}
