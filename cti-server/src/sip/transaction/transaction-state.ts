/** States of the four RFC 3261 §17 machines, plus `accepted` from https://www.rfc-editor.org/rfc/rfc6026#section-7. */
export type InviteClientState = 'calling' | 'proceeding' | 'accepted' | 'completed' | 'terminated';
export type NonInviteClientState = 'trying' | 'proceeding' | 'completed' | 'terminated';
export type InviteServerState = 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';
export type NonInviteServerState = 'trying' | 'proceeding' | 'completed' | 'terminated';
