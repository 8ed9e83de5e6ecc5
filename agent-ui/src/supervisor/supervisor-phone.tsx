// Placeholder: the supervisor's own sip.js phone (Listen / Whisper / Barge ring it).
export function SupervisorPhone() {
  return null;
}
