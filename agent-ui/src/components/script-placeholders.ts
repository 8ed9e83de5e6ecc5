// Placeholders in a script's texts — {agent}, {customer}, {customer.name}, {customer.tier}, … —
// filled from the values the server computed for the call (or the preview's customer). One that
// is unknown or empty shows as a dash, so the agent sees a gap instead of a brace.

export const EMPTY_FIELD = '—';

const PLACEHOLDER = /\{(agent|customer(?:\.[A-Za-z]+)?)\}/g;

/**
 * `text` with every placeholder replaced. `fields` is keyed by the placeholder's name
 * (`agent`, `customer`, `customer.tier`, …); `{customer}` falls back to `customer.name` and
 * `{agent}` to `agentName` when the fields lack them.
 */
export function fillPlaceholders(
  text: string,
  fields: Readonly<Record<string, string | null | undefined>>,
  agentName?: string,
): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value =
      fields[name] ??
      (name === 'customer' ? fields['customer.name'] : undefined) ??
      (name === 'customer.name' ? fields.customer : undefined) ??
      (name === 'agent' ? agentName : undefined);
    return value && value.trim() !== '' ? value : EMPTY_FIELD;
  });
}
