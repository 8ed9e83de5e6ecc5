// Placeholder: filled in by the issue-15 work on this page.
export function LiveCallsPage() {
  return null;
}
