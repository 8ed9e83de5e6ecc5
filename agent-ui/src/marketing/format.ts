// Formatting shared by the marketing pages' tables and date pickers.

/** A rate as a percentage with one decimal ("12.5 %"); a dash when there is nothing to divide. */
export const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)} %`);

/** A date as the browser's local YYYY-MM-DD (the value of an `<input type="date">`). */
export const isoDay = (d: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
