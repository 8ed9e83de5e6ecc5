// Placeholder: replaced by the page itself (issue 16).
export function ConversionPage() {
  return <h2>Conversion</h2>;
}
