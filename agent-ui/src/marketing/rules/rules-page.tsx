// Placeholder: replaced by the page itself (issue 16).
export function RulesPage() {
  return <h2>Cross-sell rules</h2>;
}
