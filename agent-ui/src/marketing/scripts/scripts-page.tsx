// Placeholder: replaced by the page itself (issue 16).
export function ScriptsPage() {
  return <h2>Scripts</h2>;
}
