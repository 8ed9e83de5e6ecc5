// Placeholder: replaced by the page itself (issue 16).
export function ExperimentsPage() {
  return <h2>Experiments</h2>;
}
