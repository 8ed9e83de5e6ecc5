import { describe, expect, it } from 'vitest';
import { homePath, isAdmin, mayOpen, rolesOf, workspaceOfPath, workspacesFor } from './workspaces.js';

const agent = { role: 'agent', roles: ['agent'], extension: '1002' } as const;
const admin = { role: 'admin', roles: ['admin'], extension: null } as const;

describe('role → workspace', () => {
  it('lands an agent on the console and an admin in the admin workspace', () => {
    expect(homePath(agent)).toBe('/console');
    expect(workspacesFor(agent)).toEqual(['console']);
    expect(homePath(admin)).toBe('/admin');
    expect(mayOpen(admin, 'console')).toBe(false);
    expect(mayOpen(agent, 'admin')).toBe(false);
  });

  it('gives a user with several roles every workspace, the primary role first', () => {
    const adminAgent = { role: 'admin', roles: ['admin', 'agent'], extension: '1050' } as const;
    expect(workspacesFor(adminAgent)).toEqual(['admin', 'supervisor', 'marketing', 'console']);
    expect(homePath(adminAgent)).toBe('/admin');
    const agentAdmin = { role: 'agent', roles: ['admin', 'agent'], extension: '1050' } as const;
    expect(rolesOf(agentAdmin)).toEqual(['agent', 'admin']);
    expect(homePath(agentAdmin)).toBe('/console');
  });

  it('sends supervisors to the wallboard, with the people screens beside it, each once', () => {
    expect(homePath({ role: 'supervisor', roles: ['supervisor'], extension: null })).toBe('/supervisor');
    expect(workspacesFor({ role: 'supervisor', roles: ['supervisor', 'admin'], extension: null })).toEqual([
      'supervisor',
      'admin',
      'marketing',
    ]);
    expect(workspacesFor(admin)).toEqual(['admin', 'supervisor', 'marketing']);
    expect(mayOpen(agent, 'supervisor')).toBe(false);
    expect(mayOpen({ role: 'marketing', roles: ['marketing'], extension: null }, 'supervisor')).toBe(false);
    expect(isAdmin({ role: 'supervisor', roles: ['supervisor'], extension: null })).toBe(false);
    expect(isAdmin({ role: 'supervisor', roles: ['supervisor', 'admin'], extension: null })).toBe(true);
  });

  it('sends marketing to its own workspace, and has no console for an agent without an extension', () => {
    const marketing = { role: 'marketing', roles: ['marketing'], extension: null } as const;
    expect(homePath(marketing)).toBe('/marketing');
    expect(mayOpen(marketing, 'admin')).toBe(false);
    expect(mayOpen(marketing, 'console')).toBe(false);
    expect(homePath({ role: 'agent', roles: ['agent'], extension: null })).toBeNull();
  });

  it('reads a session saved before roles existed from its primary role', () => {
    expect(workspacesFor({ role: 'agent', extension: '1002' })).toEqual(['console']);
  });

  it('tells the workspace of a path', () => {
    expect(workspaceOfPath('/console')).toBe('console');
    expect(workspaceOfPath('/admin/agents')).toBe('admin');
    expect(workspaceOfPath('/supervisor/agents')).toBe('supervisor');
    expect(workspaceOfPath('/marketing/scripts')).toBe('marketing');
    expect(workspaceOfPath('/administer')).toBeNull();
    expect(workspaceOfPath('/')).toBeNull();
  });
});
