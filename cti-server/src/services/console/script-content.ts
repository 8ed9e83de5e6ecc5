import { Ajv } from 'ajv';
import type { Static } from 'typebox';
import { ScriptContent } from '../../schemas/scripts.js';

export type ScriptContentValue = Static<typeof ScriptContent>;

export type ScriptContentCheck = { ok: true; content: ScriptContentValue } | { ok: false; message: string };

const ajv = new Ajv({ allErrors: false, strict: false });
ajv.addKeyword({ keyword: 'example' });
const checkShape = ajv.compile<ScriptContentValue>(ScriptContent as object);

/** The first shape error as an author can read it ("content.nodes.a.text must …"), or null. */
export function scriptShapeError(content: unknown): string | null {
  if (checkShape(content)) return null;
  const e = checkShape.errors?.[0];
  const where = e?.instancePath ? `content${e.instancePath.replaceAll('/', '.')}` : 'content';
  const extra =
    e?.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : '';
  return `${where} ${e?.message ?? 'is invalid'}${extra}`;
}

/**
 * A script the console can walk: the right shape, a start node that exists, and every
 * answer leading to an existing node (or null, which ends the script). The message names
 * the first problem so a marketing author can fix it.
 */
export function checkScriptContent(content: unknown): ScriptContentCheck {
  const shape = scriptShapeError(content);
  if (shape !== null) return { ok: false, message: shape };
  const checked = content as ScriptContentValue;
  const nodes = checked.nodes;
  if (!Object.hasOwn(nodes, checked.start)) {
    return { ok: false, message: `content.start "${checked.start}" is not a node` };
  }
  for (const [id, node] of Object.entries(nodes)) {
    for (const [i, answer] of node.answers.entries()) {
      if (answer.next !== null && !Object.hasOwn(nodes, answer.next)) {
        return {
          ok: false,
          message: `content.nodes.${id}.answers[${i}].next "${answer.next}" is not a node`,
        };
      }
    }
  }
  return { ok: true, content: checked };
}
